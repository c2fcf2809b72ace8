# Single stage: Gradle builds the jar and the same image runs it.
FROM gradle:8.10-jdk17
WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
RUN gradle bootJar --no-daemon
EXPOSE 8080
CMD ["java", "-jar", "build/libs/demo.jar"]

# A Kotlin service still on Java 11, built with Gradle.
FROM gradle:7.6-jdk11 AS build
COPY --chown=gradle:gradle . /home/gradle/src
WORKDIR /home/gradle/src
RUN gradle bootJar --no-daemon

FROM eclipse-temurin:11-jre
EXPOSE 8080
COPY --from=build /home/gradle/src/build/libs/*.jar /app/service.jar
ENTRYPOINT ["java", "-Dspring.profiles.active=prod", "-jar", "/app/service.jar"]
CMD ["--server.port=8080"]

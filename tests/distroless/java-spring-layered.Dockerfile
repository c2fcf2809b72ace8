# A Spring Boot service whose jar is extracted into layers, so that a code change does not
# invalidate the dependency layers; Spring Boot's launcher starts it from the extracted tree.
FROM eclipse-temurin:21-jdk-jammy AS builder
WORKDIR /workspace
COPY pom.xml .
COPY .mvn .mvn
COPY mvnw .
RUN ./mvnw -B dependency:go-offline
COPY src src
RUN ./mvnw -B package -DskipTests \
    && java -Djarmode=tools -jar target/inventory-0.4.2.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre-jammy
WORKDIR /application
RUN useradd --system --uid 1001 spring
USER spring
COPY --from=builder /workspace/extracted/dependencies/ ./
COPY --from=builder /workspace/extracted/spring-boot-loader/ ./
COPY --from=builder /workspace/extracted/snapshot-dependencies/ ./
COPY --from=builder /workspace/extracted/application/ ./
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]

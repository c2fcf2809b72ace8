# A Spring Boot service: built with Maven, run from the jar.
FROM maven:3-eclipse-temurin-21 AS build
WORKDIR /workspace
COPY . .
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
MAINTAINER platform-team@example.com
COPY --from=build /workspace/target/app.jar /app/app.jar
EXPOSE 8080
ENTRYPOINT java -jar /app/app.jar

# A plain Java service started by its main class, with its dependencies copied beside it.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests dependency:copy-dependencies -DoutputDirectory=target/lib

FROM eclipse-temurin:21-jre
WORKDIR /opt/worker
COPY --from=build /src/target/worker-1.2.0.jar worker.jar
COPY --from=build /src/target/lib lib
EXPOSE 9090
ENTRYPOINT ["java", "-Xss512k", "-cp", "worker.jar:lib/*", "com.example.worker.Main"]

# run-java.sh picks the jar in /deployments by itself; here several could match.
FROM registry.access.redhat.com/ubi8/openjdk-17-runtime:1.20
COPY target/*-runner.jar /deployments/
COPY target/lib/ /deployments/lib/
EXPOSE 8080
USER 185
ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]

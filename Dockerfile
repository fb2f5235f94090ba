# One image for the Opsmon services (ingest, alerting, api) and the Flink job jar.
# Built by docker-compose.yml; see docs/ARCHITECTURE.md.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /opt/opsmon opsmon \
 && mkdir -p /var/lib/opsmon/ingest /var/lib/opsmon/alerting \
 && chown -R opsmon /var/lib/opsmon
WORKDIR /opt/opsmon
COPY --from=build /src/launcher/target/lib/ lib/
COPY --from=build /src/launcher/target/opsmon-launcher.jar lib/
COPY --from=build /src/stream-jobs/target/opsmon-stream-jobs-*-job.jar jobs/opsmon-stream-jobs.jar
USER opsmon
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-cp", "/opt/opsmon/lib/*"]

# The server keeps its configuration in /config, made for its user at build time.
FROM rust:1.88-slim-trixie AS build
WORKDIR /app
COPY . .
RUN cargo build --release --bin sync-server

FROM debian:trixie-slim
RUN useradd -c 'app user' app && mkdir /config && chown app:app /config
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
USER app
ENV CONFIG_DIR=/config
COPY --from=build /app/target/release/sync-server /usr/local/bin/sync-server
HEALTHCHECK --interval=30s CMD curl -fsS -o /dev/null "http://localhost:${PORT:-8888}/healthz"
ENTRYPOINT ["/usr/local/bin/sync-server"]

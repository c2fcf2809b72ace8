# A Rust server that talks to PostgreSQL through libpq (diesel), as many do.
FROM rust:1.88-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --bin server

FROM debian:bookworm-slim
# libpq for the database driver, certificates for outgoing TLS, curl for debugging.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/server /usr/local/bin
EXPOSE 8536
STOPSIGNAL SIGTERM
ENTRYPOINT ["server"]

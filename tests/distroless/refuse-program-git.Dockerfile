# A Go service that clones repositories at run time: it needs git in the image.
FROM golang:1.24 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/mirror ./cmd/mirror

FROM debian:trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/mirror /usr/local/bin/mirror
ENTRYPOINT ["/usr/local/bin/mirror"]

# A Go service that writes a default configuration on first start when none is mounted.
FROM golang:1.24 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/relay ./cmd/relay

FROM alpine:3.21
RUN apk add --no-cache ca-certificates tzdata \
    && addgroup -S relay && adduser -S -G relay relay
COPY --from=build /out/relay /usr/local/bin/relay
COPY config/relay.example.yaml /etc/relay/relay.example.yaml
COPY scripts/run.sh /run.sh
USER relay
EXPOSE 8443
ENTRYPOINT ["/run.sh"]
CMD ["--listen", ":8443"]

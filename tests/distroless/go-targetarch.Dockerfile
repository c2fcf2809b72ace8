# Cross-compiled on the build platform, one binary per target architecture.
FROM --platform=$BUILDPLATFORM golang:1.24 AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server-${TARGETARCH} ./cmd/server

FROM alpine:3.22
ARG TARGETARCH
RUN apk add --no-cache ca-certificates tzdata
COPY --from=build /out/server-${TARGETARCH} /usr/local/bin/server
EXPOSE 8080
HEALTHCHECK --interval=15s CMD ["/usr/local/bin/server", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/server"]
CMD ["--listen", ":8080"]

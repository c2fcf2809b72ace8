# A C agent built with make on Alpine: linked against musl dynamically.
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base curl-dev
WORKDIR /src
COPY . .
RUN make CFLAGS="-O2" agent

FROM alpine:3.21
RUN apk add --no-cache libcurl ca-certificates
COPY --from=build /src/agent /usr/bin/agent
CMD ["/usr/bin/agent", "--config", "/etc/agent.conf"]

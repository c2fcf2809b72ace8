# A Zig relay built for musl, which Zig links statically.
FROM alpine:3.21 AS build
RUN apk add --no-cache zig
WORKDIR /src
COPY build.zig build.zig.zon ./
COPY src ./src
RUN zig build -Doptimize=ReleaseSafe -Dtarget=x86_64-linux-musl

FROM alpine:3.21
COPY --from=build /src/zig-out/bin/relay /usr/local/bin/relay
EXPOSE 9000
ENTRYPOINT ["/usr/local/bin/relay"]

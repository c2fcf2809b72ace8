# A C++ service built with CMake against Boost, libpq and OpenSSL, run on a slim Debian image
# that installs the matching run-time libraries.
FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake ninja-build \
       libboost-program-options-dev libpq-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    && cmake --build build \
    && strip build/orders-svc

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
       libboost-program-options1.74.0 libpq5 libssl3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/orders-svc /usr/local/bin/orders-svc
USER nobody
EXPOSE 8080
CMD ["/usr/local/bin/orders-svc", "--listen", "0.0.0.0:8080"]

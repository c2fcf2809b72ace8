# A Haskell web service built with cabal, run on the Debian release of its build image.
FROM haskell:9.8-slim-bullseye AS build
WORKDIR /opt/app
COPY *.cabal cabal.project ./
RUN cabal update && cabal build --only-dependencies -j
COPY . .
RUN cabal install exe:catalog-api --install-method=copy --installdir=/opt/bin

FROM debian:bullseye-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libgmp10 libffi7 zlib1g netbase \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/bin/catalog-api /opt/bin/catalog-api
EXPOSE 3000
ENTRYPOINT ["/opt/bin/catalog-api"]
CMD ["--port", "3000"]

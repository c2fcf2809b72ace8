# A self-contained build for Alpine's musl, run on the bare Alpine image.
FROM mcr.microsoft.com/dotnet/sdk:8.0-alpine AS build
WORKDIR /src
COPY . .
RUN dotnet publish Gateway.csproj -c Release -r linux-musl-x64 --self-contained true -p:PublishSingleFile=true -o /out

FROM alpine:3.20
RUN apk add --no-cache libstdc++ libgcc icu-libs
WORKDIR /app
COPY --from=build /out/Gateway /app/Gateway
EXPOSE 5000
ENV ASPNETCORE_URLS=http://+:5000
ENTRYPOINT ["/app/Gateway"]

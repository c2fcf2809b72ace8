# A queue worker (a console app) built and run on Alpine, started through its apphost.
FROM mcr.microsoft.com/dotnet/sdk:9.0-alpine AS build
WORKDIR /source
COPY *.csproj .
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime:9.0-alpine
WORKDIR /app
COPY --from=build /app .
ENV QUEUE__NAME=orders \
    Logging__Console__FormatterName=json
ENTRYPOINT ["./Worker"]

# A minimal API published as native AOT: one executable, no .NET runtime needed at run time.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
ARG TARGETARCH
WORKDIR /source
COPY --link *.csproj .
RUN dotnet restore -a $TARGETARCH
COPY --link . .
RUN dotnet publish -a $TARGETARCH --no-restore -o /app -p:PublishAot=true -p:InvariantGlobalization=true
RUN rm /app/*.dbg /app/*.Development.json

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --link --from=build /app .
USER $APP_UID
ENTRYPOINT ["./releasesapi"]

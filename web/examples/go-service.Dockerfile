# A Go HTTP service built and run in one stage.
FROM golang:1.23-alpine
RUN apk update && apk add git ca-certificates
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/api ./cmd/api
EXPOSE 8080
ENTRYPOINT /usr/local/bin/api

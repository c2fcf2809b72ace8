# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.23
FROM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN <<EOF
set -e
apk add git
CGO_ENABLED=0 go build -o /out/server ./cmd/server
EOF

FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /out/server /server
EXPOSE 8080
ENTRYPOINT ["/server"]

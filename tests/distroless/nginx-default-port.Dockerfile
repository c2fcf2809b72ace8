# An Angular app built with Node and served by nginx's default server on port 80.
FROM node:22-slim AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27
EXPOSE 80
COPY --from=build /app/dist/shop /usr/share/nginx/html

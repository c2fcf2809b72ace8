# The app's path is a global ARG that each stage declares again.
ARG APP_PATH=/opt/wiki

FROM node:22-slim AS build
ARG APP_PATH
WORKDIR $APP_PATH
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
ARG APP_PATH
WORKDIR $APP_PATH
ENV NODE_ENV=production
RUN mkdir -p /var/lib/wiki/data && chown -R node:node /var/lib/wiki
COPY --from=build --chown=node:node $APP_PATH/build ./build
COPY --from=build --chown=node:node $APP_PATH/node_modules ./node_modules
USER node
VOLUME /var/lib/wiki/data
EXPOSE 3000
CMD ["node", "build/server/index.js"]

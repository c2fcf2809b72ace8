FROM node:20-alpine

ENV NODE_ENV=production
WORKDIR /usr/src/app

# Install production dependencies first, for the layer cache.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

COPY . .

USER node
EXPOSE 3000
CMD ["node", "server.js"]

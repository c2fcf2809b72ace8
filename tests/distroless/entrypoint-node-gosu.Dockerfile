# A Node service whose entry point script fixes ownership as root, then drops to `app`.
FROM node:22-bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends gosu netcat-openbsd \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system app && useradd --system --gid app app

WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .

RUN mkdir -p /data && chown app:app /data
VOLUME /data

COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod +x /usr/local/bin/entrypoint.sh

ENV NODE_ENV=production
EXPOSE 3000
ENTRYPOINT ["entrypoint.sh"]
CMD ["node", "server.js"]

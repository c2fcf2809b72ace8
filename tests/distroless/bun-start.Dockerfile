# A Bun service started through its package.json.
FROM oven/bun:1.2
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production
COPY src ./src
EXPOSE 3000
ENTRYPOINT ["bun", "start"]

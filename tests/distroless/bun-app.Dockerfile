# An HTTP API written for Bun, in TypeScript (Bun runs it without a build step).
FROM oven/bun:1.2-alpine

WORKDIR /usr/src/app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production

COPY . .

ENV NODE_ENV=production
EXPOSE 3000
CMD ["bun", "run", "src/index.ts"]

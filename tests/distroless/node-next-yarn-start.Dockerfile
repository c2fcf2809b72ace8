# A Next.js site built and started with yarn.
FROM node:20-alpine
WORKDIR /usr/src/web
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build
ENV NEXT_TELEMETRY_DISABLED=1
EXPOSE 3000
CMD ["yarn", "start", "--", "--port", "3000"]

# The start script migrates the database before the server starts.
FROM node:22-slim
WORKDIR /srv
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
RUN npx prisma generate
CMD ["npm", "run", "start:prod"]

# A Node.js web app, written the quick way.
FROM node:lts
WORKDIR /usr/src/app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 3000
CMD npm start

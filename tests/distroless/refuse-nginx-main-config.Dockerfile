# A site with its own nginx.conf, written for nginx started as root.
FROM nginx:1.27-alpine
COPY nginx.conf /etc/nginx/nginx.conf
COPY site/ /usr/share/nginx/html/

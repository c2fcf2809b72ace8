# A queue consumer written for the PHP CLI.
FROM php:8.4-cli-alpine

WORKDIR /opt/worker
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
COPY composer.json composer.lock ./
RUN composer install --no-dev --prefer-dist --optimize-autoloader
COPY src ./src
COPY worker.php ./

CMD ["php", "worker.php", "--queue=default"]

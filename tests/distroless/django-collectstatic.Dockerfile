# syntax=docker/dockerfile:1
FROM python:3.12-alpine

ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1
ENV DJANGO_SETTINGS_MODULE=mysite.settings

WORKDIR /usr/src/app

# Build dependencies for psycopg2 and Pillow.
RUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev jpeg-dev zlib-dev

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# Collect static files at build time.
RUN python manage.py collectstatic --noinput

RUN addgroup -S django && adduser -S -G django django \
    && mkdir -p /usr/src/app/media \
    && chown -R django:django /usr/src/app/media
USER django

VOLUME ["/usr/src/app/media"]
EXPOSE 8000
CMD ["gunicorn", "mysite.wsgi:application", "--bind", "0.0.0.0:8000"]

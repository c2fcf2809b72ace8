#!/bin/bash
set -euo pipefail

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-site.settings.production}"

python manage.py migrate --noinput
exec gunicorn site.wsgi:application --bind 0.0.0.0:8000 --workers 3

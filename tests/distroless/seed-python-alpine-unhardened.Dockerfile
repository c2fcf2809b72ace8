# A Flask app on Alpine, before hardening.
FROM python:3.12-alpine3.18

WORKDIR /app
COPY . .
RUN apk add build-base libffi-dev
RUN pip install -r requirements.txt

EXPOSE 5000
CMD python app.py

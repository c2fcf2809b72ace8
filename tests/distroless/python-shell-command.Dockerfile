# The command is a shell line: change into the app, then start it.
FROM python:3.13-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app ./app
EXPOSE 8000
CMD cd /srv/app && exec gunicorn --bind 0.0.0.0:8000 main:app

# A Django app that migrates its database each time the container starts.
FROM python:3.13-slim
ENV PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY start.sh /start.sh
EXPOSE 8000
CMD ["/start.sh"]

# Dependencies are built in a virtual environment, then copied into a slim runtime.
FROM python:3.13-slim-bookworm AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH"
COPY --from=builder /opt/venv /opt/venv
WORKDIR /srv/worker
COPY worker/ ./worker/
RUN useradd --system --uid 10001 worker
USER worker
CMD ["python", "-m", "worker", "--queue", "default"]

# syntax=docker/dockerfile:1.7
# A multi-stage build that writes its config with heredocs.
ARG PYTHON=3.13
FROM python:${PYTHON}-slim AS build
RUN <<EOF
set -eux
apt-get update
apt-get install -y build-essential
EOF
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:${PYTHON}-slim
COPY --from=build /wheels /wheels
RUN pip install /wheels/*
COPY <<EOF /etc/app/config.toml
[server]
port = 8000
EOF
COPY app/ /app/
EXPOSE 8000
CMD ["python", "-m", "app"]

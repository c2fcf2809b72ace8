# A FastAPI project managed by uv: `uv sync` builds the project environment in /srv/api/.venv
# on Astral's uv image, and the final image takes the project, environment included.
FROM ghcr.io/astral-sh/uv:python3.12-bookworm AS builder
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
WORKDIR /srv/api
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-install-project --no-dev
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev

FROM python:3.12-slim-bookworm
RUN useradd --system --uid 999 --create-home api
COPY --from=builder --chown=api:api /srv/api /srv/api
ENV PATH="/srv/api/.venv/bin:$PATH"
WORKDIR /srv/api
USER api
EXPOSE 8000
CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]

FROM python:3.13-slim AS base
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM base AS test
COPY . /src
RUN python -m pytest /src

# The runtime.
FROM python:3.13-slim
COPY --from=base /venv /venv
COPY app.py /app/app.py
ENV PATH=/venv/bin:$PATH
CMD ["python", "/app/app.py"]

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_api ./graph_api
COPY loaders ./loaders
COPY schema ./schema
COPY data ./data
RUN pip install --no-cache-dir . && useradd --create-home migragraph
USER migragraph
EXPOSE 8000
CMD ["migragraph", "serve", "--host", "0.0.0.0", "--port", "8000"]

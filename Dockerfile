# The drawing library for the explorer, from the npm registry.
FROM node:20-slim AS web
WORKDIR /web
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_api ./graph_api
COPY loaders ./loaders
COPY schema ./schema
COPY data ./data
RUN pip install --no-cache-dir . && useradd --create-home migragraph
COPY --from=web /web/node_modules /app/node_modules
ENV MIGRAGRAPH_NODE_MODULES=/app/node_modules
USER migragraph
EXPOSE 8000
CMD ["migragraph", "serve", "--host", "0.0.0.0", "--port", "8000"]

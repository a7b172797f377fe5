# The pages' browser libraries (Cytoscape.js, React, GraphiQL), from the npm registry.
FROM node:20-slim AS web
WORKDIR /web
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The wheel: its build hook (hatch_build.py) copies those libraries into it from node_modules.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md hatch_build.py ./
COPY graph_api ./graph_api
COPY loaders ./loaders
COPY schema ./schema
COPY data ./data
COPY --from=web /web/node_modules ./node_modules
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# The wheel alone: neither Node.js nor node_modules in the image.
FROM python:3.11-slim
WORKDIR /app
COPY --from=wheel /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels && useradd --create-home migragraph
USER migragraph
EXPOSE 8000
CMD ["migragraph", "serve", "--host", "0.0.0.0", "--port", "8000"]

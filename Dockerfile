# One image for both roles; docker-compose.yml picks the role with --role=api|worker.
# Build stage: everything needed to compile the server and the editor.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
COPY nodes/package.json nodes/
COPY server/package.json server/
COPY web/package.json web/
# `npm ci` can reject a lock file written where only this platform's optional binaries were reachable.
RUN npm ci --no-audit --no-fund --include=dev || npm install --no-audit --no-fund --include=dev
COPY . .
RUN npm run build

# Production dependencies only: no compilers, no test tools, no embedded Postgres (a dev dependency
# for `npm start`; the image is given DATABASE_URL).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY nodes/package.json nodes/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
# MALLOC_ARENA_MAX as in scripts/server-node-env.json (test/e2e/packaging.spec.ts holds them equal).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=4 \
    FLOWBRIDGE_ROLE=api \
    PORT=3000 \
    FLOWBRIDGE_WORKER_HEALTH_PORT=3001 \
    FLOWBRIDGE_DATA_DIR=/app/data
COPY --from=deps --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/dist dist
COPY --from=build --chown=node:node /app/web/dist web/dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 3001
# The API answers on PORT; a worker-only process on FLOWBRIDGE_WORKER_HEALTH_PORT. Readiness, not
# liveness: a process that cannot reach its database is taken out of rotation.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "const e=process.env;const p=e.FLOWBRIDGE_ROLE==='worker'?e.FLOWBRIDGE_WORKER_HEALTH_PORT:e.PORT;fetch('http://127.0.0.1:'+p+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The role comes from FLOWBRIDGE_ROLE (api, worker or all), so the health check knows which port to ask.
# V8 flags as in scripts/server-node-flags.json (npm start reads it; test/e2e/packaging.spec.ts holds them equal).
CMD ["node", "--no-node-snapshot", "--max-semi-space-size=8", "--heap-growing-percent=20", "dist/server/src/main.js"]

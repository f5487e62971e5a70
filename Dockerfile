# Ushuru gateway: compiled JavaScript on Node 20, as a non-root user.
#
#   docker build -t ushuru .
#   docker run -p 8080:8080 -e USHURU_MASTER_KEY=… -v ushuru-data:/data ushuru
#
# Stage 1 installs every dependency (better-sqlite3 builds from source: python3, make, g++) and
# compiles the TypeScript; stage 2 keeps only the production dependencies and the compiled output.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/kra/package.json packages/kra/
COPY packages/simulator/package.json packages/simulator/
COPY packages/sdk/package.json packages/sdk/
COPY packages/gateway/package.json packages/gateway/
COPY scripts/ensure-built.mjs scripts/
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY packages packages
RUN npx tsc -b packages/sdk/tsconfig.build.json packages/gateway/tsconfig.build.json \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    USHURU_HOST=0.0.0.0 \
    USHURU_PORT=8080 \
    USHURU_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/packages/kra/package.json packages/kra/
COPY --from=build --chown=node:node /app/packages/kra/dist packages/kra/dist
COPY --from=build --chown=node:node /app/packages/simulator/package.json packages/simulator/
COPY --from=build --chown=node:node /app/packages/simulator/dist packages/simulator/dist
COPY --from=build --chown=node:node /app/packages/sdk/package.json packages/sdk/
COPY --from=build --chown=node:node /app/packages/sdk/dist packages/sdk/dist
COPY --from=build --chown=node:node /app/packages/gateway/package.json packages/gateway/
COPY --from=build --chown=node:node /app/packages/gateway/dist packages/gateway/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:8080/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "packages/gateway/dist/cli/main.js", "start"]

# ISOF <-> IdoSell middleware.
#   docker build -t isof-idosell .
#   docker run -p 4000:4000 -v isof-data:/app/data -e API_KEYS=dashboard:viewer:<long secret> isof-idosell
# The image runs with NODE_ENV=production: API_KEYS is required, the explorer and the sandbox are
# off unless turned on (GRAPHQL_EXPLORER=true, SANDBOX=on). Every variable is in the README.

ARG NODE_IMAGE=node:20-bookworm-slim

# Build tools for better-sqlite3 (a native addon) in case no prebuilt binary fits.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
COPY bench ./bench
RUN npm run build

# Production dependencies only, built on the same base as the runtime image (same glibc, same Node ABI).
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    PORT=4000
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The IdoSell connector and the sandbox read IdoSell's published schema at run time.
COPY src/idosell/openapi/*.json ./src/idosell/openapi/
# The dashboard example (/examples/dashboard, served when GRAPHQL_EXPLORER=true): the server finds the
# folder by walking up from dist/src/explorer, so /app/examples.
COPY examples ./examples
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 4000
# No curl in the slim image: Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node directly, not `npm start` (which would compile again and needs the dev dependencies).
CMD ["node", "dist/src/main.js"]

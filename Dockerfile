# syntax=docker/dockerfile:1
#
# shebao-flow production image. One image, three entry points:
#   node dist/api/main.js          (default CMD, HTTP API on $PORT, 3000 by default)
#   node dist/worker/main.js       (Temporal worker, stateless, scale horizontally)
#   node dist/scripts/migrate.js   (one-shot database migration)
# See docker-compose.yml for how they are wired together.
#
# Both stages use Debian (glibc): the Temporal worker loads a native core-bridge
# binary that is published for glibc, not for musl/Alpine.

############################
# Build stage
############################
FROM node:20-bookworm-slim AS build

WORKDIR /app

# openssl lets Prisma detect the platform's libssl during install/generate
# (without it Prisma only warns, but the warning is noise in every build).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# Prisma's schema engine is only needed to apply migrations, which this project does with
# node dist/scripts/migrate.js (plain pg). Pointing Prisma at a stand-in stops both the
# @prisma/engines postinstall (npm ci) and `prisma generate` from downloading the binary,
# so the build does not depend on Prisma's binary CDN being reachable.
RUN printf '#!/bin/sh\necho "Prisma schema engine not installed: use node dist/scripts/migrate.js" >&2\nexit 1\n' \
      > /usr/local/bin/prisma-no-schema-engine \
 && chmod 0755 /usr/local/bin/prisma-no-schema-engine

ENV CI=true \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    PRISMA_SCHEMA_ENGINE_BINARY=/usr/local/bin/prisma-no-schema-engine

# Dependencies first so that source-only changes reuse this layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# Sources (filtered by .dockerignore), then:
#   npm run build = prisma generate (client into generated/) + tsc into dist/.
#   prisma generate needs no database and no schema engine; prisma.config.ts falls
#   back to a placeholder DATABASE_URL, so none has to be supplied at build time.
COPY . .
RUN npm run build \
 && npm prune --omit=dev

############################
# Runtime stage
############################
FROM node:20-bookworm-slim AS runtime

ENV NODE_ENV=production

WORKDIR /app

# Files stay owned by root and are only readable by the service user, so a
# compromised process cannot rewrite its own code.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/generated ./generated
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma

# Unprivileged user shipped with the official node image (uid/gid 1000).
USER node

EXPOSE 3000

CMD ["node", "dist/api/main.js"]

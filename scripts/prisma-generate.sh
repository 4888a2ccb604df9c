#!/usr/bin/env bash
# `prisma generate` needs no schema engine, but the Prisma CLI tries to download one at start-up and
# fails on machines without internet. Pointing it at a stand-in skips the download; migrations are
# applied by prisma/migrate.ts instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]; then
  export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/no-schema-engine.sh"
fi
exec npx prisma generate --no-hints "$@"

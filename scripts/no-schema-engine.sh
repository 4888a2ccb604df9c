#!/usr/bin/env bash
echo "Prisma's schema engine is not installed here: apply migrations with 'node dist/scripts/migrate.js'." >&2
exit 1

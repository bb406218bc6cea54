#!/usr/bin/env bash
# Runs the Prisma CLI offline: JS/WASM engines through the pg adapter (prisma.config.ts), no native engine download.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/no-native-engine.txt}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$PWD/scripts/no-native-engine.txt}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec node_modules/.bin/prisma "$@"

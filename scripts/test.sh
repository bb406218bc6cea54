#!/usr/bin/env bash
# The whole suite (the README's test command): vitest (API, services, workflows, faults), then Playwright (the
# web app in Debian's Chromium). Both run even when the first fails, so one run shows every failure; the last
# line counts both runners' tests from their JSON reports: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

rm -f test-results/vitest.json test-results/playwright.json
mkdir -p test-results
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?
npx playwright test
playwright_rc=$?

npx tsx scripts/test-summary.ts test-results/vitest.json test-results/playwright.json
summary_rc=$?
[ "$vitest_rc" -eq 0 ] && [ "$playwright_rc" -eq 0 ] && [ "$summary_rc" -eq 0 ]

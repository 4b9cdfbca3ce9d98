#!/usr/bin/env bash
# Regenerates test/fixtures/runners/reports/: runs the fixture project of known outcome
# (test/fixtures/runners/project: 2 pass, 1 assertion failure, 1 thrown error, 1 skipped,
# 1 passing on retry) with each runner and copies the reports it writes.
#
#   bash scripts/regenerate-runner-fixtures.sh
#
# Works in a temporary copy, so the runners are never installed into the repository. Needs only the npm
# registry: no browser is downloaded (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1; the Playwright tests use no page).
# The runners exit non-zero (the suite has failures by design), so their exit codes are ignored; a missing
# report is an error. The versions used are written to reports/VERSIONS.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/test/fixtures/runners/project"
dest="$here/test/fixtures/runners/reports"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -R "$src/." "$work/"
cd "$work"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=true NO_COLOR=1 FORCE_COLOR=0
# Pinned, so a regeneration changes the fixtures only when these change. mocha stays on 11:
# mocha-junit-reporter 2.2.1 cannot construct its reporter under mocha 12 ("Class constructor Base ...").
npm install --no-audit --no-fund --loglevel=error --save-dev \
  jest@30.5.2 jest-junit@17.0.0 jest-ctrf-json-reporter@0.0.11 vitest@4.1.12 \
  mocha@11.8.0 mocha-junit-reporter@2.2.1 @playwright/test@1.65.1 >/dev/null
mkdir -p out

echo "jest (jest-junit, jest-ctrf-json-reporter)" >&2
JEST_JUNIT_OUTPUT_DIR=out JEST_JUNIT_OUTPUT_NAME=jest-junit.xml \
  npx jest --rootDir . --roots '<rootDir>/jest' --ci \
  --reporters=default --reporters=jest-junit --reporters=jest-ctrf-json-reporter >/dev/null 2>&1 || true
[ -f ctrf/ctrf-report.json ] && mv ctrf/ctrf-report.json out/jest-ctrf.json

echo "vitest (junit)" >&2
npx vitest run --root . --dir vitest --reporter=junit --outputFile=out/vitest-junit.xml >/dev/null 2>&1 || true

echo "mocha (mocha-junit-reporter, xunit)" >&2
npx mocha --reporter mocha-junit-reporter --reporter-options mochaFile=out/mocha-junit.xml 'mocha/*.spec.js' >/dev/null 2>&1 || true
npx mocha --reporter xunit --reporter-options output=out/mocha-xunit.xml 'mocha/*.spec.js' >/dev/null 2>&1 || true

echo "playwright (junit)" >&2
npx playwright test --config playwright.config.js >/dev/null 2>&1 || true

echo "node --test (junit)" >&2
node --test --test-reporter=junit --test-reporter-destination=out/node-junit.xml node/calculator.test.mjs >/dev/null 2>&1 || true

for report in jest-junit.xml jest-ctrf.json vitest-junit.xml mocha-junit.xml mocha-xunit.xml playwright.xml node-junit.xml; do
  [ -s "out/$report" ] || { echo "missing report: $report" >&2; exit 1; }
done
mkdir -p "$dest"
cp out/* "$dest/"
{
  echo "node $(node --version)"
  for p in jest jest-junit jest-ctrf-json-reporter vitest mocha mocha-junit-reporter @playwright/test; do
    echo "$p $(node -p "require('./node_modules/$p/package.json').version")"
  done
} >"$dest/VERSIONS.txt"
echo "wrote $(ls "$dest" | wc -l) files to $dest" >&2

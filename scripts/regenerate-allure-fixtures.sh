#!/usr/bin/env bash
# Regenerates test/fixtures/allure/results/<adapter>/: runs the fixture project of designed outcome
# (test/fixtures/allure/project: 2 pass, an assertion failure inside a nested step, a thrown RangeError, a skip,
# a test that fails once and passes on its retry, a test over 3 parameter sets of which one fails, attachments,
# labels and links, a beforeEach and an afterAll hook) with allure-vitest, allure-jest (jest-circus) and
# allure-playwright, and copies each allure-results directory as the adapter wrote it.
#
#   bash scripts/regenerate-allure-fixtures.sh
#
# Works in a temporary copy, installed with `npm ci` from the project's own package-lock.json, so nothing is
# installed into the repository and the versions are the pinned ones. Needs only the npm registry: no browser is
# downloaded (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1; the Playwright tests use no page). The runners exit non-zero
# (the suites fail by design), so their exit codes are ignored; a directory without results is an error.
# The adapters write categories.json and environment.properties themselves (from support.js); executor.json is
# written here, as a CI job would. The versions used are written to results/VERSIONS.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/test/fixtures/allure/project"
dest="$here/test/fixtures/allure/results"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp -R "$src/." "$work/"
rm -rf "$work/node_modules" "$work/allure-results" "$work/test-results"
cd "$work"
# FORCE_COLOR=0 alone: with NO_COLOR also set, Node warns on stderr, which allure-playwright attaches to a test.
unset NO_COLOR
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=true FORCE_COLOR=0
npm ci --no-audit --no-fund --loglevel=error >/dev/null

echo "vitest (allure-vitest)" >&2
npx vitest run --config vitest.config.mjs >/dev/null 2>&1 || true
echo "jest (allure-jest/node on jest-circus)" >&2
npx jest --ci >/dev/null 2>&1 || true
echo "playwright (allure-playwright)" >&2
npx playwright test --config playwright.config.js >/dev/null 2>&1 || true

# executor.json as CI writes it (the shape of allure2's ExecutorInfo), one CI kind per adapter.
executor() { # adapter type name build
  local base="https://ci.example.org/$1"
  cat >"allure-results/$1/executor.json" <<EOF
{
  "name": "$3",
  "type": "$2",
  "url": "$base",
  "buildOrder": $4,
  "buildName": "calculator #$4 ($1)",
  "buildUrl": "$base/builds/$4",
  "reportName": "Calculator ($1)",
  "reportUrl": "$base/builds/$4/allure"
}
EOF
}
executor vitest github "GitHub Actions" 41
executor jest gitlab "GitLab CI" 42
executor playwright jenkins "Jenkins" 43

for adapter in vitest jest playwright; do
  n=$(find "allure-results/$adapter" -name '*-result.json' | wc -l)
  [ "$n" -gt 0 ] || { echo "no results from $adapter" >&2; exit 1; }
  for f in categories.json environment.properties executor.json; do
    [ -s "allure-results/$adapter/$f" ] || { echo "missing $adapter/$f" >&2; exit 1; }
  done
  rm -rf "${dest:?}/$adapter"
  mkdir -p "$dest/$adapter"
  cp "allure-results/$adapter/"* "$dest/$adapter/"
  echo "$adapter: $n results, $(ls "$dest/$adapter" | wc -l) files" >&2
done
{
  echo "node $(node --version)"
  for p in allure-vitest allure-jest allure-playwright allure-js-commons vitest jest jest-circus jest-environment-node @playwright/test vite; do
    echo "$p $(node -p "require('./node_modules/$p/package.json').version")"
  done
} >"$dest/VERSIONS.txt"

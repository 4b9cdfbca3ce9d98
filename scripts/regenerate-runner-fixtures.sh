#!/usr/bin/env bash
# Regenerates test/fixtures/runners/reports/: runs the fixture project of known outcome
# (test/fixtures/runners/project: 2 pass, 1 assertion failure, 1 thrown error, 1 skipped,
# 1 that fails its first attempt and passes on retry) with each runner and copies the reports it writes.
# The designed counts of every report are in test/fixtures/runners/expected.json (written by hand from the
# test files, never from a parser); the hand-written reports of test/fixtures/handwritten are not made here.
#
#   bash scripts/regenerate-runner-fixtures.sh
#
# Works in a temporary copy, so the runners are never installed into the repository. Needs only the npm
# registry and the machine's python3 with pytest: no browser is downloaded (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1;
# the Playwright tests use no page), nothing comes from PyPI. The runners exit non-zero (the suite has failures
# by design), so their exit codes are ignored; a missing report is an error. The versions used are written to
# reports/VERSIONS.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/test/fixtures/runners/project"
dest="$here/test/fixtures/runners/reports"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pytest --version >/dev/null 2>&1 || { echo "needs python3 with pytest (python3 -m pytest)" >&2; exit 1; }
cp -R "$src/." "$work/"
cd "$work"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=true NO_COLOR=1 FORCE_COLOR=0 PYTHONDONTWRITEBYTECODE=1
npm_install() { npm install --no-audit --no-fund --loglevel=error --save-dev "$@" >/dev/null; }

# Pinned, so a regeneration changes the fixtures only when these change. The current release of each, except:
# - vitest 5 declares `engines.node: ^22.12 || ^24 || >=26` but runs this suite on Node 20 (npm only warns);
#   if a later one refuses Node 20, pin vitest@4.1.12, whose junit output is the same for this suite.
# - mocha-junit-reporter 2.2.1 (its latest) cannot construct its reporter under mocha 12 ("Class constructor
#   Base cannot be invoked without 'new'": it calls `Base.call(this)` on mocha 12's ES class), so it runs under
#   mocha 11.8.0, installed apart in mocha11/ so it finds that mocha; xunit and the CTRF reporter use mocha 12.
# - jest-ctrf-json-reporter 0.0.10 and playwright-ctrf-json-reporter 0.0.22, installed under npm aliases next
#   to the current ones, are the last releases that write no `reportFormat`/`specVersion` (older reporters,
#   still in use), so each writes a second CTRF report of the same run.
npm_install \
  jest@30.5.2 jest-junit@17.0.0 jest-ctrf-json-reporter@0.0.11 \
  jest-ctrf-json-reporter-0.0.10@npm:jest-ctrf-json-reporter@0.0.10 \
  vitest@5.1.2 @d2t/vitest-ctrf-json-reporter@1.3.0 \
  mocha@12.0.3 mocha-ctrf-json-reporter@0.0.11 \
  @playwright/test@1.65.1 playwright-ctrf-json-reporter@0.0.29 \
  playwright-ctrf-json-reporter-0.0.22@npm:playwright-ctrf-json-reporter@0.0.22
mkdir -p mocha11
(cd mocha11 && echo '{"private": true}' >package.json && npm_install mocha@11.8.0 mocha-junit-reporter@2.2.1)
mkdir -p out

echo "jest (jest-junit, jest-ctrf-json-reporter 0.0.11 and 0.0.10; see jest.config.js)" >&2
npx jest --config jest.config.js --ci >/dev/null 2>&1 || true

echo "vitest (junit, @d2t/vitest-ctrf-json-reporter; see vitest.config.mjs)" >&2
npx vitest run --config vitest.config.mjs >/dev/null 2>&1 || true

echo "mocha 11 (mocha-junit-reporter), mocha 12 (xunit, mocha-ctrf-json-reporter): one run each" >&2
node mocha11/node_modules/mocha/bin/mocha.js --reporter "$work/mocha11/node_modules/mocha-junit-reporter" \
  --reporter-options mochaFile=out/mocha-junit.xml 'mocha/*.spec.js' >/dev/null 2>&1 || true
npx mocha --reporter xunit --reporter-options output=out/mocha-xunit.xml 'mocha/*.spec.js' >/dev/null 2>&1 || true
npx mocha --reporter mocha-ctrf-json-reporter --reporter-options outputDir=out,outputFile=mocha-ctrf.json \
  'mocha/*.spec.js' >/dev/null 2>&1 || true

echo "playwright (junit twice, playwright-ctrf-json-reporter 0.0.29 and 0.0.22; see playwright.config.js)" >&2
npx playwright test --config playwright.config.js >/dev/null 2>&1 || true

echo "node --test (junit)" >&2
node --test --test-reporter=junit --test-reporter-destination=out/node-junit.xml node/calculator.test.mjs >/dev/null 2>&1 || true

echo "pytest (--junitxml)" >&2
python3 -m pytest python --rootdir=. -p no:cacheprovider --junitxml=out/pytest-junit.xml >/dev/null 2>&1 || true

reports=(jest-junit.xml jest-ctrf.json jest-ctrf-0.0.10.json vitest-junit.xml vitest-ctrf.json
  mocha-junit.xml mocha-xunit.xml mocha-ctrf.json
  playwright.xml playwright-junit-retries.xml playwright-ctrf.json playwright-ctrf-0.0.22.json
  node-junit.xml pytest-junit.xml)
for report in "${reports[@]}"; do
  [ -s "out/$report" ] || { echo "missing report: $report" >&2; exit 1; }
done
[ "$(ls out | wc -l)" -eq "${#reports[@]}" ] || { echo "unexpected files in out/: $(ls out)" >&2; exit 1; }
mkdir -p "$dest"
cp out/* "$dest/"
version() { node -p "require('./$1/package.json').version"; }
{
  echo "node $(node --version)"
  for p in jest jest-junit jest-ctrf-json-reporter vitest @d2t/vitest-ctrf-json-reporter mocha \
    mocha-ctrf-json-reporter @playwright/test playwright-ctrf-json-reporter; do
    echo "$p $(version "node_modules/$p")"
  done
  echo "jest-ctrf-json-reporter (jest-ctrf-0.0.10.json) $(version node_modules/jest-ctrf-json-reporter-0.0.10)"
  echo "playwright-ctrf-json-reporter (playwright-ctrf-0.0.22.json) $(version node_modules/playwright-ctrf-json-reporter-0.0.22)"
  echo "mocha (mocha-junit.xml) $(version mocha11/node_modules/mocha)"
  echo "mocha-junit-reporter $(version mocha11/node_modules/mocha-junit-reporter)"
  echo "$(python3 --version 2>&1 | tr 'P' 'p')"
  echo "pytest $(python3 -c 'import pytest; print(pytest.__version__)')"
} >"$dest/VERSIONS.txt"
echo "wrote $(ls "$dest" | wc -l) files to $dest" >&2

# expected.json holds the designed counts and the quirks of each report, written by hand: a report without an entry
# (a new reporter) needs one, and a changed quirk needs its note updated. Check the former here; review the diff for
# the latter.
EXPECTED="$here/test/fixtures/runners/expected.json" node -e '
  const listed = new Set(require(process.env.EXPECTED).reports.map((r) => r.file));
  const missing = process.argv.slice(1).filter((f) => !listed.has(f));
  if (missing.length) { console.error(`no entry in expected.json for: ${missing.join(", ")}`); process.exit(1); }
' "${reports[@]}"

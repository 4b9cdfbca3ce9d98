/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * the built UI (`dist/web`, built once if missing), the real app listening on 127.0.0.1, generated runs,
 * and screenshots under test-output/screenshots/.
 *
 * Chromium: /usr/bin/chromium (`apt-get install -y chromium`; CI installs it). Missing on CI is a failure;
 * missing locally is a skip with the reason printed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import type { CaseDocument, RunDocument } from '../../src/core/document.js';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/store/dialect.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = `${ROOT}test-output/screenshots`;

export const haveChromium = existsSync(CHROMIUM);
export const onCi = process.env.CI === 'true' || process.env.CI === '1';
/** Run a browser suite here? (On CI without Chromium, `requireChromium` fails instead.) */
export const browserTests = haveChromium || onCi;

/** The build the server serves; built once when missing (npm test builds it first). */
export function ensureUiBuilt() {
  if (!haveChromium) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium) before npm test`);
  if (!existsSync(`${ROOT}dist/web/index.html`)) {
    console.log('[browser tests] dist/web is missing: building the UI once (vite build)');
    execFileSync(`${ROOT}node_modules/.bin/vite`, ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** The real app on 127.0.0.1, a random port; attachments in a temporary directory. */
export async function serve(store: Store) {
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'verdict-ui-attachments-'));
  const app = await buildApp({ store, config: { bodyLimitBytes: 10 * 1024 * 1024, publicUrl: 'http://127.0.0.1', logLevel: 'silent', attachmentsDir }, clock: Date.now, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, attachmentsDir, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export async function signIn(page: Page, key: string) {
  await page.getByTestId('api-key').fill(key);
  await page.getByTestId('sign-in').click();
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

/**
 * A generated run of `cases` cases: `machines` machines x 5 suites (or fewer), one in 50 failing with a
 * message. Case names are `case 00042 checks feature 42`.
 */
export function generatedRun(cases: number, options: { plan: string; machines?: string[]; suites?: number }): RunDocument {
  const start = Date.parse('2026-11-27T03:00:00Z');
  const machines = options.machines ?? ['Linux Chrome', 'Linux Firefox'];
  const suites = options.suites ?? 5;
  const perSuite = cases / machines.length / suites;
  let n = 0;
  return {
    testPlan: options.plan,
    buildNo: 'big-1',
    triggeredType: 'API',
    startTime: new Date(start).toISOString(),
    machines: machines.map((title) => ({
      deviceConfiguration: { title, browser: title.split(' ')[1]!, platform: 'Linux' },
      suites: Array.from({ length: suites }, (_, s) => ({
        name: `Module ${s + 1}`,
        cases: Array.from({ length: perSuite }, (): CaseDocument => {
          const i = n++;
          const at = start + i * 700;
          const failed = i % 50 === 7;
          return {
            name: `case ${String(i).padStart(5, '0')} checks feature ${i % 137}`,
            result: failed ? 'FAILED' : 'PASSED',
            message: failed ? `expected ${i} items but found ${i - 1}` : null,
            startTime: new Date(at).toISOString(),
            endTime: new Date(at + 650).toISOString(),
          };
        }),
      })),
    })),
  };
}

/** On CI a missing Chromium must fail loudly, not skip. */
export function requireChromiumOnCi(name: string) {
  if (!haveChromium && !onCi) console.log(`[browser tests] ${name}: skipped, ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
  describe.runIf(!haveChromium && onCi)(`${name} (CI)`, () => {
    it('needs /usr/bin/chromium', () => {
      throw new Error(`${CHROMIUM} is missing on CI: .ci/run must run "apt-get install -y chromium" before npm test`);
    });
  });
}

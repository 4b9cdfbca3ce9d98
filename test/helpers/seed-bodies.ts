/**
 * The five sample bodies of the seed page, read from the page itself (shared/seed/), with a committed copy
 * for machines where shared/ is absent. The page writes JSON inside a markdown table: `<br>` for newlines,
 * `\_` for underscores, and one trailing comma.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PAGE = fileURLToPath(new URL('../../../shared/seed/test-results-at-all-levels.md', import.meta.url));
const COPY = fileURLToPath(new URL('../fixtures/seed-bodies.json', import.meta.url));

export type SeedBodies = { run: Record<string, unknown>; machine: Record<string, unknown>; suite: Record<string, unknown>; case: Record<string, unknown>; steps: Record<string, unknown> };

export function parseSeedPage(markdown: string): SeedBodies {
  const bodies = [...markdown.matchAll(/\*\*Response Body\*\*\s*\|\s*(\{.*)\|\s*$/gm)].map((m) => {
    const text = m[1]!.replace(/<br>/g, '\n').replace(/\\_/g, '_').replace(/,\s*\}\s*$/, '}').trim();
    return JSON.parse(text) as Record<string, unknown>;
  });
  if (bodies.length !== 5) throw new Error(`expected 5 sample bodies in the seed page, found ${bodies.length}`);
  const [run, machine, suite, testCase, steps] = bodies as [SeedBodies['run'], SeedBodies['machine'], SeedBodies['suite'], SeedBodies['case'], SeedBodies['steps']];
  return { run, machine, suite, case: testCase, steps };
}

export function seedBodies(): SeedBodies {
  if (existsSync(PAGE)) return parseSeedPage(readFileSync(PAGE, 'utf8'));
  return JSON.parse(readFileSync(COPY, 'utf8')) as SeedBodies;
}

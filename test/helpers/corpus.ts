/**
 * The real-report corpus lives beside the repository (`../shared/corpus/`), not in it: CI has it, a fresh
 * clone does not. Tests that read it are declared with `describeWithCorpus` / `itWithCorpus`, so without
 * it they are reported as skipped (and `corpus-notice.ts` prints one line saying why) instead of failing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** `VERDICT_TEST_CORPUS` points elsewhere (CI's Node 22 pass runs from a copy of the tree). */
export const CORPUS = process.env.VERDICT_TEST_CORPUS?.replace(/\/?$/, '/') ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

/** expected.json is the corpus's index: without it nothing in the corpus can be checked. */
export const HAS_CORPUS = existsSync(`${CORPUS}expected.json`);

export const NO_CORPUS_NOTICE = `Skipped the tests that read real reports: ${CORPUS} is absent (CI has it; README "Run it, test it" says which tests).`;

export const describeWithCorpus = describe.skipIf(!HAS_CORPUS);
export const itWithCorpus = it.skipIf(!HAS_CORPUS);

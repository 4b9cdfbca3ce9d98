/** Vitest global setup: one line, once per run, for each group of tests skipped for want of outside files. */
import { HAS_CORPUS, NO_CORPUS_NOTICE } from './corpus.js';
import { HAS_RP_AGENTS, NO_RP_AGENTS_NOTICE } from './rp-agents.js';

/** Every project of vitest.config.ts loads this setup anew: a mark on the process prints the lines once. */
const PRINTED = Symbol.for('verdict.skip-notices-printed');
const marks = globalThis as { [PRINTED]?: boolean };

export default function setup() {
  // At teardown, so the line sits under the summary that counts the skipped tests.
  return () => {
    if (marks[PRINTED]) return;
    marks[PRINTED] = true;
    if (!HAS_CORPUS) console.log(NO_CORPUS_NOTICE);
    if (!HAS_RP_AGENTS) console.log(NO_RP_AGENTS_NOTICE);
  };
}

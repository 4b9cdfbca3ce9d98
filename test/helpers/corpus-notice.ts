/** Vitest global setup: one line, once per run, for each group of tests skipped for want of outside files. */
import { HAS_CORPUS, NO_CORPUS_NOTICE } from './corpus.js';
import { HAS_RP_AGENTS, NO_RP_AGENTS_NOTICE } from './rp-agents.js';

export default function setup() {
  // At teardown, so the line sits under the summary that counts the skipped tests.
  return () => {
    if (!HAS_CORPUS) console.log(NO_CORPUS_NOTICE);
    if (!HAS_RP_AGENTS) console.log(NO_RP_AGENTS_NOTICE);
  };
}

/** Vitest global setup: one line, once per run, when the corpus-reading tests were skipped. */
import { HAS_CORPUS, NO_CORPUS_NOTICE } from './corpus.js';

export default function setup() {
  // At teardown, so the line sits under the summary that counts the skipped tests.
  return () => {
    if (!HAS_CORPUS) console.log(NO_CORPUS_NOTICE);
  };
}

/**
 * Tallies import events the way the report origins count (one entry per case; error > failure >
 * skipped > success), so tests can compare an import with the corpus' expected counts.
 */
import type { ImportEvent } from '../importer.js';

export interface OutcomeCounts {
  tests: number;
  passed: number;
  /** FAILURE cases that came from `<failure>` (errors not included). */
  failures: number;
  /** FAILURE cases that came from `<error>` (`properties.junitOutcome === 'error'`). */
  errors: number;
  /** SKIPPED or NOT_EXECUTED cases, disabled ones included. */
  skipped: number;
  flaky: number;
  /** Sum of case durations in ms, over the cases that have one. */
  durationMs: number;
}

export function countOutcomes(events: Iterable<ImportEvent>): OutcomeCounts {
  const counts: OutcomeCounts = { tests: 0, passed: 0, failures: 0, errors: 0, skipped: 0, flaky: 0, durationMs: 0 };
  for (const event of events) {
    if (event.kind !== 'case') continue;
    const c = event.case;
    counts.tests += 1;
    if (c.flaky) counts.flaky += 1;
    counts.durationMs += c.duration ?? 0;
    switch (c.result ?? 'SUCCESS') {
      case 'SUCCESS':
      case 'PASSED':
        counts.passed += 1;
        break;
      case 'FAILURE':
      case 'FAILED':
        if (c.properties?.junitOutcome === 'error') counts.errors += 1;
        else counts.failures += 1;
        break;
      case 'SKIPPED':
      case 'NOT_EXECUTED':
        counts.skipped += 1;
        break;
      default:
        // ABORTED/QUEUED/STOPPED never come out of JUnit; count them as failures rather than lose them.
        counts.failures += 1;
    }
  }
  return counts;
}

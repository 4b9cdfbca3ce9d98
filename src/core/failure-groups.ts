/**
 * A run's failures grouped by cause (pure): cases with one fingerprint form a group, largest first, the
 * ones never seen before first among equals. See core/fingerprint.ts for what "the same cause" means.
 */
import { failureFingerprint } from './fingerprint.js';

export interface FailedCase {
  id: number;
  name: string;
  message: string | null;
  errorType: string | null;
  stackTrace: string | null;
  fingerprint: string | null;
}

export interface FailureGroup<C extends FailedCase> {
  fingerprint: string;
  errorType: string | null;
  normalizedMessage: string;
  topFrame: string | null;
  /** The first case's own message: what a person reads. */
  message: string | null;
  cases: C[];
}

export function groupFailures<C extends FailedCase>(cases: readonly C[]): FailureGroup<C>[] {
  const groups = new Map<string, FailureGroup<C>>();
  for (const c of cases) {
    const print = failureFingerprint({ errorType: c.errorType, message: c.message, stackTrace: c.stackTrace });
    // A stored fingerprint wins (it is what history is keyed by); cases written before fingerprints get one now.
    const key = c.fingerprint ?? print.key;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { fingerprint: key, errorType: c.errorType, normalizedMessage: print.normalizedMessage, topFrame: print.topFrame, message: c.message, cases: [] }));
    group.cases.push(c);
  }
  return [...groups.values()].sort((a, b) => b.cases.length - a.cases.length);
}

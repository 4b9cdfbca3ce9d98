/** The workspace's quarantined tests (GET /quarantines), as a lookup by test case id, for marking lists. */
import { useMemo } from 'react';
import type { Quarantine } from './api-analytics-types';
import { useApi } from './use-api';

export function useQuarantines(): Map<number, Quarantine> & { reload: () => void } {
  const { data, reload } = useApi<{ content: Quarantine[] }>('/quarantines');
  return useMemo(() => Object.assign(new Map((data?.content ?? []).map((q) => [q.testCaseId, q])), { reload }), [data, reload]);
}

/** The tag a quarantined test wears in lists, with its reason on hover. */
export function quarantineTitle(q: Quarantine): string {
  return `Quarantined${q.until ? ` until ${q.until.slice(0, 10)}` : ''}: ${q.reason}`;
}

import type { Store } from '../store/dialect.js';
import { runEventsFor } from './shared-run-events.js';
import { createIngest, type Ingest } from './ingest-service.js';

/** What the mappings write through: the app's ingest service, or a store (loaders, the CLI, tests) with a clock. */
export type IngestTarget = Ingest | Store;

/**
 * A store gets an ingest service of its own. No server runs in that process, so nobody hears its events
 * here; on PostgreSQL the servers do (a `verdict import` shows up on their live pages).
 */
export function ingestFor(target: IngestTarget, now?: number): Ingest {
  return 'write' in target ? target : createIngest(target, runEventsFor(target), () => now ?? Date.now());
}

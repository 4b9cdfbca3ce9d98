import type { Store } from '../store/dialect.js';
import { inProcessRunEvents } from './events.js';
import { createIngest, type Ingest } from './ingest-service.js';

/** What the mappings write through: the app's ingest service, or a store (loaders, the CLI, tests) with a clock. */
export type IngestTarget = Ingest | Store;

/** A store gets an ingest service of its own, whose events nobody hears (no server runs in that process). */
export function ingestFor(target: IngestTarget, now?: number): Ingest {
  return 'write' in target ? target : createIngest(target, inProcessRunEvents(), () => now ?? Date.now());
}

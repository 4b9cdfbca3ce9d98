/**
 * Ingestion: one writer (run-writer.ts) inside one service (ingest-service.ts) that announces run events
 * with each commit; every way in is a small mapping onto it.
 */
export { inProcessRunEvents, RUN_EVENT_KINDS, type RunEvent, type RunEventKind, type RunEvents } from './events.js';
export { runEventsFor } from './shared-run-events.js';
export { createIngest, type Ingest } from './ingest-service.js';
export { ingestFor, type IngestTarget } from './ingest-for.js';
export { ingestDocument, writeDocument } from './document-mapping.js';
export { importReports, type ImportedWarning, type ImportSummary, type ImportTarget, type ReportFile } from './import-mapping.js';
export { applyLiveBatch, finishLiveRun, openLiveRun } from './live-mapping.js';
export { abortTriggeredRun, openTriggeredRun, type TriggerOpening } from './trigger-mapping.js';
export { recountRun } from './recount.js';
export { ByteBudget, counted, tooLarge } from './report-input.js';

/**
 * The ReportPortal reporting API as a mapping onto the writer (docs/reportportal.md): launches, test items
 * and logs, keyed by their UUIDs in a tree of their own (store/rp-item-repository.ts).
 */
export { findLaunch, finishLaunch, startLaunch } from './launches.js';
export { finishItem, startItem } from './items.js';
export { saveLogs, type LogAnswer, type LogEntry, type ReceivedLogFile } from './logs.js';
export type { RpNotFound } from './values.js';

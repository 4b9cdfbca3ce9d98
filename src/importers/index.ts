/**
 * Report importers: one `Importer` per format, chosen by the caller or by `detectFormat`.
 *
 * @example
 * const format = detectFormat(head);
 * if (format) for await (const event of importers[format].parse(chunks, { fileName })) sink(event);
 */
export { detectFormat, importers } from './detect.js';
export { ImportError, REPORT_FORMATS, WARNING_CODES } from './importer.js';
export type { ImportEvent, Importer, ImportOptions, ImportWarning, ReportFormat, SuiteInfo, WarningCode } from './importer.js';

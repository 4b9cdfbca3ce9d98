/**
 * Report importers: one `Importer` per file format, chosen by the caller or by `detectFormat`; and the
 * directory importer of Allure results (`allureImporter`), which reads a whole results directory.
 *
 * @example
 * const format = detectFormat(head);
 * if (format) for await (const event of importers[format].parse(chunks, { fileName })) sink(event);
 */
export { detectFormat, importers } from './detect.js';
export { DIRECTORY_FORMATS, FILE_FORMATS, ImportError, REPORT_FORMATS, WARNING_CODES } from './importer.js';
export type { AttachmentRef, DirectoryFormat, DirectoryImporter, FileFormat, ImportEvent, Importer, ImportOptions, ImportWarning, ReportDirectory, ReportFormat, SuiteInfo, WarningCode } from './importer.js';
export { allureImporter, isAllureAttachment } from './allure-importer.js';

/**
 * The contract every report format implements: a pure, streaming function from bytes to the run model.
 *
 * An importer never holds a whole report: it reads chunks and yields one event per test case as soon as
 * the case is complete, so memory stays flat whatever the file's size. The sink (one-shot collection for
 * small inputs, batched database writes for uploads) decides what to do with them.
 */
import type { CaseDocument, MachineDocument } from '../core/document.js';
import type { ImportWarning } from '../core/import-warnings.js';

export const REPORT_FORMATS = ['junit', 'ctrf', 'trx', 'nunit', 'xunit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a suite sits; shared by reference between the cases of one suite. */
export interface SuiteInfo {
  name: string;
  startTime?: string | null;
  duration?: number | null;
  properties?: Record<string, string> | null;
}

export { WARNING_CODES, type ImportWarning, type WarningCode } from '../core/import-warnings.js';

export type ImportEvent =
  /** Facts about the run or machine that the report carries (environment, host, tool). */
  | { kind: 'run'; environment?: Record<string, string>; startTime?: string | null; duration?: number | null; machine?: Partial<Omit<MachineDocument, 'suites'>> }
  | { kind: 'case'; suite: SuiteInfo; case: CaseDocument }
  | { kind: 'warning'; warning: ImportWarning }
  /** The report ended inside this suite: what was read is kept, and the suite is ABORTED with `message`. */
  | { kind: 'incomplete'; suite: SuiteInfo; message: string };

export interface ImportOptions {
  /** File name, for error messages. */
  fileName?: string;
}

/** A report that cannot be read. Thrown by `parse`; `line`/`column` are 1-based when known. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface Importer {
  readonly format: ReportFormat;
  /** True when the first bytes of a file (decoded as UTF-8, at most 4 KiB) look like this format. */
  detect(head: string): boolean;
  /** Streams the report's test cases. Throws ImportError on malformed input. */
  parse(chunks: AsyncIterable<Uint8Array | string>, options?: ImportOptions): AsyncGenerator<ImportEvent>;
}

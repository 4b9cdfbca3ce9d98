/**
 * The contract every report format implements: a pure, streaming function from bytes to the run model.
 *
 * An importer never holds a whole report: it reads chunks and yields one event per test case as soon as
 * the case is complete, so memory stays flat whatever the file's size. The sink (one-shot collection for
 * small inputs, batched database writes for uploads) decides what to do with them.
 */
import type { CaseDocument, MachineDocument } from '../core/document.js';

export const REPORT_FORMATS = ['junit', 'ctrf', 'trx', 'nunit', 'xunit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a suite sits; shared by reference between the cases of one suite. */
export interface SuiteInfo {
  name: string;
  startTime?: string | null;
  duration?: number | null;
  properties?: Record<string, string> | null;
}

/**
 * What an importer tolerated to read a report whose meaning was clear: a closed set, each listed in
 * docs/importing.md with the reporters that need it. Stored with the run and shown wherever it is.
 */
export const WARNING_CODES = [
  /** Unescaped `<` or `&` inside XML attribute values, escaped before parsing. */
  'repaired-xml',
  /** The file ends mid-document (cut off mid-write): complete cases kept, the suite it ended in aborted. */
  'truncated',
  /** Repeated test cases of one identity read as attempts of one test (retries written as test cases). */
  'merged-retries',
  /** A CTRF document that breaks the schema in a way that loses no meaning, read anyway. */
  'schema-deviation',
  /** Content that holds no result and was left out (say what and why). */
  'ignored-content',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ImportWarning {
  code: WarningCode;
  message: string;
  /** 1-based, where the report shows the deviation (XML); absent when it has no one place. */
  line?: number;
  column?: number;
}

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

/**
 * The contract every report format implements: a pure, streaming function from bytes to the run model.
 *
 * An importer never holds a whole report: it reads chunks and yields one event per test case as soon as
 * the case is complete, so memory stays flat whatever the file's size. The sink (one-shot collection for
 * small inputs, batched database writes for uploads) decides what to do with them.
 */
import type { CaseDocument, MachineDocument } from '../core/document.js';
import type { ImportWarning } from '../core/import-warnings.js';

/** Formats read one file at a time. */
export const FILE_FORMATS = ['junit', 'ctrf', 'trx', 'nunit', 'xunit'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
/** Formats read as a directory of files that refer to each other. */
export const DIRECTORY_FORMATS = ['allure'] as const;
export type DirectoryFormat = (typeof DIRECTORY_FORMATS)[number];
export const REPORT_FORMATS = [...FILE_FORMATS, ...DIRECTORY_FORMATS] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Where a suite sits; shared by reference between the cases of one suite. */
export interface SuiteInfo {
  name: string;
  startTime?: string | null;
  duration?: number | null;
  properties?: Record<string, string> | null;
}

export { WARNING_CODES, type ImportWarning, type WarningCode } from '../core/import-warnings.js';

/**
 * A file of the report that a case or step refers to (an Allure attachment, by its `source` file name);
 * the caller stores the bytes. `iteration` (1-based) and `step` (position path, "2.1") say where it belongs.
 */
export interface AttachmentRef {
  iteration: number | null;
  step: string | null;
  name: string;
  source: string;
  type: string | null;
}

export type ImportEvent =
  /** Facts about the run or machine that the report carries (environment, host, tool, CI build). */
  | { kind: 'run'; environment?: Record<string, string>; startTime?: string | null; duration?: number | null; machine?: Partial<Omit<MachineDocument, 'suites'>>; buildNo?: string | null; executor?: string | null }
  | { kind: 'case'; suite: SuiteInfo; case: CaseDocument; attachments?: AttachmentRef[] }
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
  readonly format: FileFormat;
  /** True when the first bytes of a file (decoded as UTF-8, at most 4 KiB) look like this format. */
  detect(head: string): boolean;
  /** Streams the report's test cases. Throws ImportError on malformed input. */
  parse(chunks: AsyncIterable<Uint8Array | string>, options?: ImportOptions): AsyncGenerator<ImportEvent>;
}

/** A report's directory as the caller holds it: file names ('/'-separated paths) and each file's bytes. */
export interface ReportDirectory {
  readonly names: readonly string[];
  read(name: string): Promise<Uint8Array>;
}

/**
 * A format written as a directory whose files refer to each other (Allure's results, containers and
 * attachments). Pure like `Importer`: it reads only through `ReportDirectory`, and it never holds every
 * file at once.
 */
export interface DirectoryImporter {
  readonly format: DirectoryFormat;
  /** The names of the files this format reads (the others in the directory are left alone). */
  owns(name: string): boolean;
  /** True when the directory holds this format: a file it owns whose head (at most 4 KiB) looks right. */
  detect(names: readonly string[], head: (name: string) => Promise<string>): Promise<boolean>;
  parse(directory: ReportDirectory, options?: ImportOptions): AsyncGenerator<ImportEvent>;
}

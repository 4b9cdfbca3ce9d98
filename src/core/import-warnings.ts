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

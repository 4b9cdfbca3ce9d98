/**
 * The parts of a CTRF document the importer reads, as the schema guarantees them once validated.
 * Fields Verdict does not use (insights, baseline, attachments, extra...) are left out.
 */
export type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

export interface CtrfDocument {
  reportFormat: 'CTRF';
  specVersion: string;
  runId?: string;
  results: {
    tool: { name: string; version?: string };
    summary: { start: number; stop: number; duration?: number };
    tests: CtrfTest[];
    environment?: Record<string, unknown>;
  };
}

export interface CtrfTest {
  name: string;
  status: CtrfStatus;
  duration: number;
  testId?: string;
  executionId?: string;
  start?: number;
  stop?: number;
  suite?: string[];
  message?: string;
  trace?: string;
  line?: number;
  rawStatus?: string;
  tags?: string[];
  labels?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  type?: string;
  filePath?: string;
  retries?: number;
  retryAttempts?: CtrfAttempt[];
  flaky?: boolean;
  stdout?: string[];
  stderr?: string[];
  threadId?: string;
  browser?: string;
  device?: string;
  parameters?: Record<string, unknown>;
  steps?: Array<{ name: string; status: CtrfStatus }>;
}

export interface CtrfAttempt {
  attempt: number;
  status: CtrfStatus;
  duration?: number;
  message?: string;
  trace?: string;
}

/**
 * Every importer by format, and format detection from a file's first bytes.
 *
 * Each format has a distinct root (JSON `results.tool` for CTRF; `<TestRun>` in the TeamTest namespace
 * for TRX; `<test-run>`/`<test-results>` for NUnit; `<assemblies>`/`<assembly>` for xUnit.net;
 * `<testsuites>`/`<testsuite>` for JUnit), so at most one importer claims a file.
 *
 * @example detectFormat('<?xml version="1.0"?><test-run id="2">') // 'nunit'
 */
import { ctrfImporter } from './ctrf-importer.js';
import type { FileFormat, Importer } from './importer.js';
import { junitImporter } from './junit-importer.js';
import { nunitImporter } from './nunit-importer.js';
import { trxImporter } from './trx-importer.js';
import { xunitImporter } from './xunit-importer.js';

export const importers: Readonly<Record<FileFormat, Importer>> = {
  junit: junitImporter,
  ctrf: ctrfImporter,
  trx: trxImporter,
  nunit: nunitImporter,
  xunit: xunitImporter,
};

/** Most specific first; JUnit last as the most common and the loosest. */
const DETECTION_ORDER = [ctrfImporter, trxImporter, nunitImporter, xunitImporter, junitImporter] as const;

/** The format of a report from its head (decoded as UTF-8, at most 4 KiB); undefined when none fits. */
export function detectFormat(head: string): FileFormat | undefined {
  return DETECTION_ORDER.find((importer) => importer.detect(head))?.format;
}

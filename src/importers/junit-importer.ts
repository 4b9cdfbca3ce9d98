/**
 * JUnit XML, in all the dialects real tools write (surefire, Ant, jest-junit, pytest, Mocha, PHPUnit,
 * Bazel, ScalaTest, tst...). Streams: one `case` event per `</testcase>`, never a DOM.
 * How reports map onto the run model is in docs/importing.md, section "JUnit XML".
 *
 * @example
 *   for await (const event of junitImporter.parse(fs.createReadStream(path), { fileName: path })) { ... }
 */
import type { ImportEvent, ImportOptions, Importer } from './importer.js';
import { JUnitReader } from './junit/report-reader.js';
import { XmlFeed } from './xml/xml-feed.js';
import { rootElement } from './xml/sniff.js';

export const junitImporter: Importer = {
  format: 'junit',
  detect: (head) => ['testsuites', 'testsuite'].includes(rootElement(head)?.name ?? ''),
  parse: parseJUnit,
};

async function* parseJUnit(chunks: AsyncIterable<Uint8Array | string>, options: ImportOptions = {}): AsyncGenerator<ImportEvent> {
  const reader = new JUnitReader(options.fileName);
  const feed = new XmlFeed(reader, options.fileName);
  for await (const chunk of chunks) {
    feed.write(chunk);
    yield* reader.drain();
  }
  feed.end();
  yield* reader.drain();
  for (const warning of feed.warnings()) yield { kind: 'warning', warning };
}

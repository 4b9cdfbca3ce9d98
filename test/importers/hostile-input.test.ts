/**
 * Broken and hostile uploads: every one ends in an ImportError with a clear message (and line/column
 * where the parser knows them), never another exception and never a partial run passed off as whole.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError, importers, FILE_FORMATS, type Importer } from '../../src/importers/index.js';
import { deepDocument } from '../helpers/deep-documents.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { CORPUS, chunksOf, collect } from './support.js';

const REAL = {
  trx: 'publish-unit-test-result-action/trx/xunit/dotnet-trx.trx',
  nunit: 'publish-unit-test-result-action/nunit/nunit3/jenkins/NUnit-issue50162.xml',
  xunit: 'publish-unit-test-result-action/xunit/mstest/fixie.xml',
  ctrf: 'ctrf-spec/examples/comprehensive.json',
} as const;
const FORMATS = Object.keys(REAL) as Array<keyof typeof REAL>;
const bytesOf = (format: keyof typeof REAL) => new Uint8Array(readFileSync(`${CORPUS}${REAL[format]}`));
const xmlFormats = ['trx', 'nunit', 'xunit'] as const;

async function importError(importer: Importer, ...parts: Array<string | Uint8Array>): Promise<ImportError> {
  const error = await collect(importer, chunksOf(...parts), 'upload').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe.each(FORMATS)('%s importer', (format) => {
  const importer = importers[format];

  it('says an empty file is empty', async () => {
    expect((await importError(importer)).message).toMatch(/empty/);
    expect((await importError(importer, new Uint8Array(0))).message).toMatch(/empty/);
  });

  it('rejects whitespace only', async () => {
    await importError(importer, '  \n\t ');
  });

  it('rejects binary content as not UTF-8', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x00]);
    expect((await importError(importer, png)).message).toMatch(/valid UTF-8|invalid UTF-8/);
  });

  itWithCorpus('keeps the complete cases of a report cut in half, and says where it ends; refuses one cut before any', async () => {
    const bytes = bytesOf(format);
    const whole = await collect(importer, chunksOf(bytes));
    if (format === 'ctrf') {
      // One JSON document: nothing of it can be read once it is cut.
      expect((await importError(importer, bytes.subarray(0, Math.floor(bytes.length / 2)))).message).toMatch(/malformed JSON/);
      return;
    }
    const half = await collect(importer, chunksOf(bytes.subarray(0, Math.floor(bytes.length / 2))));
    expect(half.cases.length).toBeGreaterThan(0);
    expect(half.cases.length).toBeLessThanOrEqual(whole.cases.length);
    const incomplete = half.events.filter((e) => e.kind === 'incomplete');
    const warnings = half.events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []));
    expect(incomplete).toHaveLength(1);
    expect(warnings).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(new RegExp(`^report ends on line ${warnings[0]?.line}, column \\d+, inside suite ".+" \\(cut off mid-write\\?\\): ${half.cases.length} complete test cases? read`)) })]);
    const firstCase = whole.cases[0]!.case;
    const beforeAnyCase = new TextDecoder().decode(bytes).indexOf(format === 'trx' ? '<UnitTestResult' : format === 'nunit' ? '<test-case' : '<test ');
    expect(beforeAnyCase, firstCase.name).toBeGreaterThan(0);
    expect((await importError(importer, bytes.subarray(0, beforeAnyCase + 5))).message).toMatch(/unexpected end of file \(truncated XML\?\)/);
  });

  itWithCorpus('reads a report with a BOM split across chunks and every multi-byte character split too', async () => {
    const bytes = bytesOf(format);
    const whole = await collect(importer, chunksOf(bytes));
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...(bytes[0] === 0xef ? bytes.subarray(3) : bytes)]);
    const oneByteChunks = Array.from(withBom, (byte) => Uint8Array.of(byte));
    const split = await collect(importer, chunksOf(...oneByteChunks));
    expect(split.cases.map((c) => c.case)).toEqual(whole.cases.map((c) => c.case));
  });

  it('never throws anything but ImportError, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await collect(importer, chunksOf(bytes)).catch((error: unknown) => {
          if (!(error instanceof ImportError)) throw error;
        });
      }),
      { numRuns: 150 },
    );
  });

  itWithCorpus('never throws anything but ImportError for a real report cut or corrupted anywhere', async () => {
    const bytes = bytesOf(format);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length }), fc.integer({ min: 0, max: 255 }), async (at, byte) => {
        const corrupted = Uint8Array.from(bytes);
        corrupted[Math.min(at, bytes.length - 1)] = byte;
        for (const input of [bytes.subarray(0, at), corrupted]) {
          await collect(importer, chunksOf(input)).catch((error: unknown) => {
            if (!(error instanceof ImportError)) throw error;
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe.each(xmlFormats)('%s XML safety', (format) => {
  const importer = importers[format];
  const root = { trx: '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">', nunit: '<test-run>', xunit: '<assemblies>' }[format];

  it('refuses an external entity (XXE) at the DOCTYPE, with its line', async () => {
    const error = await importError(importer, `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${root}&xxe;`);
    expect(error).toMatchObject({ message: expect.stringMatching(/DOCTYPE declarations are not accepted/), file: 'upload', line: 2 });
  });

  it('refuses an entity-expansion bomb before expanding anything', async () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    await importError(importer, `<!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]>${root}&lol9;`);
  });

  it('rejects an undeclared entity reference', async () => {
    expect((await importError(importer, `${root}&xxe;`)).message).toMatch(/malformed XML/);
  });

  it('rejects a NUL byte with its line and column', async () => {
    const error = await importError(importer, `<?xml version="1.0"?>\n${root}\n  ab\u0000`);
    expect(error).toMatchObject({ message: expect.stringMatching(/NUL byte/), line: 3, column: 5 });
  });

  it('rejects truncated XML with its position', async () => {
    const error = await importError(importer, `${root}\n<a>`);
    expect(error.message).toMatch(/truncated XML\?\): unclosed tag/);
    expect(error.line).toBe(2);
  });

  it('rejects text that is no XML', async () => {
    expect((await importError(importer, 'this is not an xml file')).message).toMatch(/not an XML document/);
  });
});

describe('CTRF safety', () => {
  it('rejects a NUL byte in the JSON', async () => {
    await importError(importers.ctrf, '{"reportFormat": "CTRF"\u0000}');
  });

  it('rejects truncated JSON', async () => {
    expect((await importError(importers.ctrf, '{"reportFormat": "CTRF", "results": {')).message).toMatch(/malformed JSON/);
  });
});

/**
 * Issue 11: 100,000 nested suites kept the server busy for minutes (work per element grew with the depth).
 * Every format now stops at MAX_DEPTH (1,000) with an error at the offending element; a document within
 * the bound imports its one test.
 */
describe.each(FILE_FORMATS)('%s nested deep', (format) => {
  const importer = importers[format];
  /** In chunks of `size` characters (64 Ki, as an upload arrives, unless told). */
  async function* chunked(text: string, size = 65536) {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }

  it('refuses 100,000 levels with an error naming the file, line and column of the element too deep', async () => {
    const error = await collect(importer, chunked(deepDocument(format, 100_000)), 'deep.report').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ message: expect.stringMatching(/nested more than 1000 levels deep/), file: 'deep.report', line: 1, column: expect.any(Number) });
  });

  it('imports the one test of a document nested 400 levels deep', async () => {
    const { cases } = await collect(importer, chunked(deepDocument(format, 400)));
    expect(cases).toHaveLength(1);
  });

  it('fuzz: any depth either imports its one test or is refused as too deep, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 5000 }), async (depth, chunkSize) => {
        const outcome = await collect(importer, chunked(deepDocument(format, depth), chunkSize)).then(
          ({ cases }) => cases.length,
          (e: unknown) => e,
        );
        if (typeof outcome === 'number') expect(outcome).toBe(1);
        else expect((outcome as Error).message).toMatch(/nested more than 1000 levels deep/);
      }),
      { numRuns: 40 },
    );
  });
});

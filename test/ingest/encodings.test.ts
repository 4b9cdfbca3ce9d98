/** A report written in UTF-16 (PowerShell's default) is read as what its byte-order mark says, gzip or not. */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

const XML = '<?xml version="1.0" encoding="UTF-16"?>\n<testsuite name="Zürich"><testcase name="grüezi"/><testcase name="ciao"><failure message="nö"/></testcase></testsuite>';
const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XML, 'utf16le')]);
const utf16be = Buffer.from(utf16le.map((_, i) => utf16le[i % 2 === 0 ? i + 1 : i - 1]!));

describe('report encodings', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp('sqlite');
  });
  afterEach(() => t.close());

  it.each([
    ['UTF-16LE', utf16le],
    ['UTF-16BE', utf16be],
    ['UTF-16LE, gzipped', gzipSync(utf16le)],
  ])('%s', async (_name, body) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v3/imports?plan=enc', headers: { ...t.auth, 'content-type': 'application/xml' }, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().metrics).toMatchObject({ totalCount: 2, passedCount: 1, failedCount: 1 });
    const cases = (await t.get(`/api/v3/test_runs/${res.json().id}/test_case_results`)).json().content;
    expect(cases.map((c: { name: string }) => c.name)).toEqual(['grüezi', 'ciao']);
  });
});

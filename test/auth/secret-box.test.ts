/**
 * Sealed secrets: AES-256-GCM under VERDICT_SECRET_KEY or a key file made beside the SQLite database with
 * mode 0600; a value opens only with the same key and for the same context.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredSecretBox, secretBox } from '../../src/auth/secret-box.js';
import { readConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'verdict-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secret box', () => {
  it('seals a value that opens with the same key and context only, differently every time', () => {
    const box = secretBox(() => Buffer.alloc(32, 7));
    const sealed = box.seal('Bearer ghp_abc', 'hook:1:420');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('ghp_abc');
    expect(box.seal('Bearer ghp_abc', 'hook:1:420')).not.toBe(sealed);
    expect(box.open(sealed, 'hook:1:420')).toBe('Bearer ghp_abc');
    expect(() => box.open(sealed, 'hook:1:421')).toThrow(/cannot be opened/);
    expect(() => secretBox(() => Buffer.alloc(32, 8)).open(sealed, 'hook:1:420')).toThrow(/cannot be opened/);
    expect(() => box.open('plain text', 'hook:1:420')).toThrow(/not a sealed secret/);
  });

  it('without VERDICT_SECRET_KEY, makes a key file beside the SQLite database (mode 0600) on first use and keeps using it', () => {
    const db = join(dir, 'verdict.db');
    const box = configuredSecretBox({ sqlitePath: db });
    expect(() => statSync(`${db}.key`)).toThrow(); // not before a secret is sealed
    const sealed = box.seal('token', 'ctx');
    expect(statSync(`${db}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${db}.key`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(configuredSecretBox({ sqlitePath: db }).open(sealed, 'ctx')).toBe('token');
  });

  it('takes VERDICT_SECRET_KEY as 64 hex digits or base64 of 32 bytes, and refuses anything else without echoing it', () => {
    const hex = 'ab'.repeat(32);
    const key = readConfig({ VERDICT_SECRET_KEY: hex }).secretKey!;
    expect(key.equals(Buffer.from(hex, 'hex'))).toBe(true);
    expect(readConfig({ VERDICT_SECRET_KEY: Buffer.from(hex, 'hex').toString('base64') }).secretKey!.equals(key)).toBe(true);
    expect(readConfig({}).secretKey).toBeUndefined();
    expect(() => readConfig({ VERDICT_SECRET_KEY: 'hunter2' })).toThrow(/^VERDICT_SECRET_KEY must be 32 bytes/);
    expect(() => readConfig({ VERDICT_SECRET_KEY: 'hunter2' })).not.toThrow(/hunter2/);
    const a = configuredSecretBox({ sqlitePath: join(dir, 'a.db'), secretKey: key });
    const b = configuredSecretBox({ sqlitePath: join(dir, 'b.db'), secretKey: key });
    expect(b.open(a.seal('shared', 'ctx'), 'ctx')).toBe('shared'); // nodes that share the key share the secrets
    expect(() => statSync(join(dir, 'a.db.key'))).toThrow();
  });

  it('reads VERDICT_TRIGGER_TIMEOUT_MINUTES (default 60)', () => {
    expect(readConfig({}).triggerTimeoutMinutes).toBe(60);
    expect(readConfig({ VERDICT_TRIGGER_TIMEOUT_MINUTES: '15' }).triggerTimeoutMinutes).toBe(15);
    expect(() => readConfig({ VERDICT_TRIGGER_TIMEOUT_MINUTES: '0' })).toThrow(/positive integer/);
  });
});

/**
 * Secrets Verdict must send on (a trigger hook's `Authorization` header, a CI's trigger token) cannot be
 * hashed like API keys: they are sealed with AES-256-GCM, a fresh 12-byte nonce each time, and a context
 * (whose secret it is: workspace and plan) bound as additional data, so a sealed value copied into another
 * row does not open there.
 *
 * The key is `VERDICT_SECRET_KEY` (config.ts), else a key file beside the SQLite database (`<db>.key`),
 * made on first use with mode 0600: back it up with the database. Nodes that share one PostgreSQL database
 * must share `VERDICT_SECRET_KEY`, or each opens only what it sealed.
 *
 * @example
 *   const box = secretBox(() => key);
 *   const sealed = box.seal('Bearer ghp_…', 'hook:1:420'); // 'v1.<nonce>.<tag>.<ciphertext>', base64url
 *   box.open(sealed, 'hook:1:420'); // 'Bearer ghp_…'
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';

export interface SecretBox {
  seal(plain: string, context: string): string;
  /** Throws when the value was sealed with another key or for another context. */
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';

/** `key` is called on first use, so a key file is made only when a secret is first sealed or opened. */
export function secretBox(key: () => Buffer): SecretBox {
  let cached: Buffer | undefined;
  const theKey = () => (cached ??= key());
  return {
    seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', theKey(), nonce).setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, nonce, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, context) {
      const [version, nonce, tag, data] = sealed.split('.');
      if (version !== VERSION || nonce === undefined || tag === undefined || data === undefined) throw new Error('not a sealed secret');
      try {
        const decipher = createDecipheriv('aes-256-gcm', theKey(), Buffer.from(nonce, 'base64url')).setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('the secret cannot be opened with this server\'s key (VERDICT_SECRET_KEY or the key file differs from the one that sealed it)');
      }
    },
  };
}

/** The configured box: `VERDICT_SECRET_KEY`; else the key file beside the SQLite database; for `:memory:`, a key for this process. */
export function configuredSecretBox(config: Pick<Config, 'secretKey' | 'sqlitePath'>): SecretBox {
  if (config.secretKey) return secretBox(() => config.secretKey!);
  if (config.sqlitePath === ':memory:') return secretBox(() => randomBytes(32));
  return secretBox(() => keyFile(`${config.sqlitePath}.key`));
}

/** Reads the key file, or creates it (exclusively, mode 0600); a concurrent creator's file wins. */
function keyFile(path: string): Buffer {
  try {
    return parseKeyFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return parseKeyFile(path);
}

function parseKeyFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new Error(`${path} is not a Verdict key file (64 hex digits)`);
  return Buffer.from(text, 'hex');
}

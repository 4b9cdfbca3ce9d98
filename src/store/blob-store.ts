/**
 * Where attachment bytes live: files under one directory, by key. Writes go to a temporary name and are
 * renamed into place, so a crash never leaves half a blob under a real key; the metadata row is written
 * after the bytes, in the run's transaction, so a blob without a row is at worst an orphan (collected by
 * `sweepOrphans`), never a row without its bytes. Several API nodes share the directory (a network file
 * system); another BlobStore (S3-compatible) can stand behind the same interface.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
}

export interface BlobStore {
  /** Streams bytes in; past `limit` bytes it stops, removes what it wrote and throws `tooLarge()`. */
  put(bytes: AsyncIterable<Uint8Array | string>, limit: number, tooLarge: () => Error): Promise<StoredBlob>;
  open(key: string): Readable;
  remove(keys: readonly string[]): Promise<void>;
  /** Blobs written before `olderThan` (epoch ms) that `isKnown` does not claim: a crash's leftovers. */
  sweepOrphans(isKnown: (keys: readonly string[]) => Promise<Set<string>>, olderThan: number): Promise<number>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

export function fileBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a blob key: ${key}`);
    return join(root, key);
  };
  return {
    async put(bytes, limit, tooLarge) {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      const temporary = `${pathOf(key)}.part`;
      const hash = createHash('sha256');
      let size = 0;
      async function* counted() {
        for await (const chunk of bytes) {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          size += buffer.byteLength;
          if (size > limit) throw tooLarge();
          hash.update(buffer);
          yield buffer;
        }
      }
      // The file is opened here, before any byte, so nothing can create it after a failure removed it
      // (a stream left to open its own file may do so after it was destroyed).
      const file = await open(temporary, 'w');
      const out = file.createWriteStream();
      try {
        await pipeline(counted(), out);
        await rename(temporary, pathOf(key));
      } catch (e) {
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await file.close().catch(() => {});
        await rm(temporary, { force: true });
        throw e;
      }
      return { key, size, sha256: hash.digest('hex') };
    },
    open(key) {
      return createReadStream(pathOf(key));
    },
    async remove(keys) {
      for (const key of keys) await rm(pathOf(key), { force: true });
    },
    async sweepOrphans(isKnown, olderThan) {
      let removed = 0;
      const shards = await readdir(root).catch(() => [] as string[]);
      for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s))) {
        const names = await readdir(join(root, shard));
        const keys = names.filter((n) => !n.endsWith('.part')).map((n) => `${shard}/${n}`).filter((k) => KEY.test(k));
        const known = await isKnown(keys);
        for (const key of keys) {
          if (known.has(key)) continue;
          if ((await stat(pathOf(key))).mtimeMs >= olderThan) continue;
          await rm(pathOf(key), { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

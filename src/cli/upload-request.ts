/**
 * How `verdict upload` sends its files: one multipart request, streamed with backpressure, each file
 * gzip-compressed as it is read (a directory as one tar), and a progress line on stderr.
 */
import { createReadStream } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { tarDirectory } from './tar-writer.js';

const BOUNDARY = `----verdict-upload-${Math.random().toString(16).slice(2)}`;

/**
 * The multipart body: one part per file, and one tar per directory, each gzip-compressed as it is read;
 * a zip (a CI's `allure-results.zip`) goes as it is, already compressed.
 */
async function* multipartBody(files: string[], dirs: string[], onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const parts = [
    ...files.map((file) => ({ name: basename(file), zip: /\.zip$/i.test(file), bytes: () => createReadStream(file).on('data', (chunk) => onRead?.(chunk.length)) })),
    ...dirs.map((dir) => ({ name: `${basename(join(process.cwd(), dir))}.tar`, zip: false, bytes: () => Readable.from(tarDirectory(dir, onRead)) })),
  ];
  for (const part of parts) {
    const name = part.name.replace(/["\r\n]/g, '_');
    yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/${part.zip ? 'zip' : 'gzip'}\r\n\r\n`);
    for await (const chunk of part.zip ? part.bytes() : part.bytes().pipe(createGzip({ level: 6 }))) yield chunk as Buffer;
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${BOUNDARY}--\r\n`);
}

/**
 * POSTs the body with node:http, writing with backpressure. The server may answer before it has read
 * everything (a 400 for a broken first file, a 413): the answer wins over the write error that follows.
 */
export function sendReports(url: URL, key: string, files: string[], dirs: string[], onRead?: (bytes: number) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, accept: 'application/json', 'user-agent': 'verdict-upload', connection: 'close' },
    });
    let answered = false;
    request.on('response', (res: IncomingMessage) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
        // An early answer leaves the body half-sent: drop the connection rather than finish it.
        request.destroy();
      });
      res.on('error', reject);
    });
    request.on('error', (e) => {
      if (!answered) reject(e);
    });
    void (async () => {
      try {
        for await (const chunk of multipartBody(files, dirs, onRead)) {
          if (answered || request.destroyed) return;
          if (!request.write(chunk)) await drainedOrClosed(request);
        }
        request.end();
      } catch (e) {
        request.destroy(e as Error);
        if (!answered) reject(e);
      }
    })();
  });
}

/** Resolves when the request can take more, or is gone; the listener left over is removed (one wait per chunk). */
function drainedOrClosed(request: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done).off('close', done);
      resolve();
    };
    request.once('drain', done).once('close', done);
  });
}

export function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** `read 12.0/50.1 MiB (24%)` on one stderr line, at most every 200 ms. */
export function progressLine(total: number) {
  let read = 0;
  let last = 0;
  const tty = Boolean(process.stderr.isTTY);
  const draw = () => process.stderr.write(`${tty ? '\r' : ''}sent ${mib(read)} of ${mib(total)} (${total ? Math.floor((read / total) * 100) : 100}%)${tty ? '' : '\n'}`);
  return {
    update(bytes: number) {
      read += bytes;
      const now = Date.now();
      if (now - last >= (tty ? 200 : 2000)) {
        last = now;
        draw();
      }
    },
    done() {
      draw();
      if (tty) process.stderr.write('\n');
    },
  };
}

/**
 * Decodes report chunks as strict UTF-8: a byte sequence that is not UTF-8 (a binary upload, a Latin-1
 * file) fails loudly instead of turning into U+FFFD replacement characters that would be stored as data.
 * A leading byte-order mark is dropped. String chunks pass through unchanged.
 */
import { ImportError, type ImportOptions } from './importer.js';

export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array | string>, options?: ImportOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesRead = 0;
  let first = true;
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      text = decodeOrFail(() => decoder.decode(chunk, { stream: true }), bytesRead, options);
      bytesRead += chunk.byteLength;
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decodeOrFail(() => decoder.decode(), bytesRead, options);
  if (rest.length > 0) yield rest;
}

function decodeOrFail(decode: () => string, bytesRead: number, options?: ImportOptions): string {
  try {
    return decode();
  } catch {
    throw new ImportError(
      `report is not valid UTF-8 text (bad byte sequence at or after byte ${bytesRead}); is it a binary file?`,
      options?.fileName,
    );
  }
}

/**
 * The one streaming XML driver the XML importers share (TRX, NUnit, xUnit.net).
 *
 * Chunks are decoded as strict UTF-8 and fed to saxes as they arrive; the handler emits events while a
 * chunk is parsed and the driver yields them before reading the next chunk, so memory holds one chunk plus
 * whatever the handler keeps for the case in progress.
 *
 * Security: any DOCTYPE is refused. saxes never fetches external entities, but refusing the declaration
 * outright also rules out entity-expansion bombs and makes XXE probes fail with a clear message rather
 * than an obscure "undefined entity" further down.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportError, type ImportOptions } from '../importer.js';
import { decodeUtf8 } from '../utf8-chunks.js';

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  readonly name: string;
  /** Namespace URI, '' when none. */
  readonly uri: string;
  /** Attributes by local name. */
  readonly attributes: Readonly<Record<string, string>>;
  /** 1 for the root element. */
  readonly depth: number;
}

export interface XmlContext<T> {
  emit(event: T): void;
  /** Throws an ImportError at the parser's current line and column. */
  fail(message: string): never;
}

/** A stateful reader for one document; importers create a fresh one per parse. */
export interface XmlHandler<T> {
  /** Elements whose text (including CDATA and nested text) is collected and passed to `close`. */
  readonly textElements: ReadonlySet<string>;
  open(element: XmlElement, context: XmlContext<T>): void;
  close(name: string, text: string, context: XmlContext<T>): void;
  /** Called after the root element closed, for anything held back until the end. */
  end?(context: XmlContext<T>): void;
}

export async function* readXml<T>(
  chunks: AsyncIterable<Uint8Array | string>,
  options: ImportOptions | undefined,
  handler: XmlHandler<T>,
): AsyncGenerator<T> {
  const file = options?.fileName;
  const parser = new SaxesParser({ xmlns: true });
  const queue: T[] = [];
  // saxes' column is 0-based for the next character, so 1-based for the one that was just read.
  const fail = (message: string): never => {
    throw new ImportError(message, file, parser.line, parser.column);
  };
  const context: XmlContext<T> = { emit: (event) => queue.push(event), fail };

  // Text is collected only inside elements the handler asked for (depth of the outermost one).
  let collectDepth = 0;
  let depth = 0;
  let text = '';
  let written = false;

  parser.on('error', (error) => fail(`malformed XML: ${error.message.replace(/^\d+:\d+: /, '')}`));
  parser.on('doctype', () => fail('DOCTYPE declarations are not accepted (external entities and entity expansion are refused)'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth += 1;
    if (collectDepth === 0 && handler.textElements.has(tag.local)) {
      collectDepth = depth;
      text = '';
    }
    handler.open({ name: tag.local, uri: tag.uri, attributes: localAttributes(tag), depth }, context);
  });
  const onText = (value: string) => {
    if (collectDepth > 0) text += value;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag: SaxesTagNS) => {
    const collected = collectDepth > 0 ? text : '';
    if (collectDepth === depth) {
      collectDepth = 0;
      text = '';
    }
    depth -= 1;
    handler.close(tag.local, collected, context);
  });

  for await (const chunk of decodeUtf8(chunks, options)) {
    written = true;
    parser.write(chunk);
    yield* queue.splice(0);
  }
  if (!written) throw new ImportError('report is empty', file);
  parser.close();
  handler.end?.(context);
  yield* queue.splice(0);
}

function localAttributes(tag: SaxesTagNS): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) attributes[attribute.local] = attribute.value;
  return attributes;
}

/** Fails unless the document's root element is one of `names`; call from `open` at depth 1. */
export function expectRoot<T>(element: XmlElement, names: readonly string[], format: string, context: XmlContext<T>): void {
  if (!names.includes(element.name)) {
    context.fail(`root element <${element.name}> is not one of ${format}'s (${names.map((n) => `<${n}>`).join(', ')})`);
  }
}

/**
 * Element handlers over the one XML reader (xml-feed.ts), for the importers that read a document by its
 * elements' local names and text (TRX, NUnit, xUnit.net).
 *
 * Chunks are fed as they arrive; the handler emits events while a chunk is parsed and the driver yields
 * them before reading the next chunk, so memory holds one chunk plus whatever the handler keeps for the
 * case in progress. Work per element is constant, so time grows linearly with the nesting depth.
 */
import { ImportError, type ImportEvent, type ImportOptions, type SuiteInfo } from '../importer.js';
import { truncationMessage, XmlFeed, type Position, type XmlSink } from './xml-feed.js';

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
  /** Throws an ImportError at the current element's line and column. */
  fail(message: string): never;
}

/** A stateful reader for one document; importers create a fresh one per parse. */
export interface XmlHandler<T> {
  /** Elements whose text (including CDATA and nested text) is collected and passed to `close`. */
  readonly textElements: ReadonlySet<string>;
  open(element: XmlElement, context: XmlContext<T>): void;
  close(name: string, text: string, context: XmlContext<T>): void;
  /** Called after the root element closed (or the input ended inside it), for anything held back until the end. */
  end?(context: XmlContext<T>): void;
  /**
   * The input ended inside the document: elements still open will never close. Returns the suite the
   * report was cut in; by default the suite of the last case emitted.
   */
  truncated?(context: XmlContext<T>): SuiteInfo | undefined;
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

export async function* readXml(chunks: AsyncIterable<Uint8Array | string>, options: ImportOptions | undefined, handler: XmlHandler<ImportEvent>): AsyncGenerator<ImportEvent> {
  const file = options?.fileName;
  const queue: ImportEvent[] = [];
  let at: Position = { line: 1, column: 1 };
  let casesRead = 0;
  const suiteCases = new Map<string, number>();
  let lastSuite: SuiteInfo | undefined;
  const context: XmlContext<ImportEvent> = {
    emit: (event) => {
      if (event.kind === 'case') {
        casesRead++;
        lastSuite = event.suite;
        suiteCases.set(event.suite.name, (suiteCases.get(event.suite.name) ?? 0) + 1);
      }
      queue.push(event);
    },
    fail: (message) => {
      throw new ImportError(message, file, at.line, at.column);
    },
  };
  // Namespace declarations in scope, innermost last (only the elements that declare any push a frame).
  const scopes: { depth: number; prefixes: Map<string, string> }[] = [];
  const uriOf = (prefix: string) => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const uri = scopes[i]!.prefixes.get(prefix);
      if (uri !== undefined) return uri;
    }
    return '';
  };
  // Text is collected only inside elements the handler asked for (depth of the outermost one).
  let collectDepth = 0;
  let depth = 0;
  let text = '';

  const sink: XmlSink = {
    open(qualified, attributes, position) {
      at = position;
      depth += 1;
      const name = localName(qualified);
      const local: Record<string, string> = {};
      let prefixes: Map<string, string> | undefined;
      for (const [attribute, value] of Object.entries(attributes)) {
        if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) (prefixes ??= new Map()).set(attribute === 'xmlns' ? '' : attribute.slice(6), value);
        else local[localName(attribute)] = value;
      }
      if (prefixes) scopes.push({ depth, prefixes });
      if (collectDepth === 0 && handler.textElements.has(name)) {
        collectDepth = depth;
        text = '';
      }
      const colon = qualified.indexOf(':');
      handler.open({ name, uri: uriOf(colon < 0 ? '' : qualified.slice(0, colon)), attributes: local, depth }, context);
    },
    text(value) {
      if (collectDepth > 0) text += value;
    },
    close(qualified) {
      const collected = collectDepth > 0 ? text : '';
      if (collectDepth === depth) {
        collectDepth = 0;
        text = '';
      }
      if (scopes.at(-1)?.depth === depth) scopes.pop();
      depth -= 1;
      handler.close(localName(qualified), collected, context);
    },
    truncated(end) {
      const cut = handler.truncated?.(context);
      handler.end?.(context);
      const suite = cut ?? lastSuite;
      if (casesRead === 0 || suite === undefined) return false;
      const message = truncationMessage(file, end, casesRead, suite.name, suiteCases.get(suite.name) ?? 0);
      queue.push({ kind: 'incomplete', suite, message }, { kind: 'warning', warning: { code: 'truncated', message, line: end.line, column: end.column } });
      ended = true;
      return true;
    },
  };
  let ended = false;

  const feed = new XmlFeed(sink, file);
  for await (const chunk of chunks) {
    feed.write(chunk);
    yield* queue.splice(0);
  }
  feed.end();
  if (!ended) handler.end?.(context);
  for (const warning of feed.warnings()) queue.push({ kind: 'warning', warning });
  yield* queue.splice(0);
}

/** Fails unless the document's root element is one of `names`; call from `open` at depth 1. */
export function expectRoot(element: XmlElement, names: readonly string[], format: string, context: XmlContext<ImportEvent>): void {
  if (!names.includes(element.name)) {
    context.fail(`root element <${element.name}> is not one of ${format}'s (${names.map((n) => `<${n}>`).join(', ')})`);
  }
}

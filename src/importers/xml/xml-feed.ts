/**
 * The one XML reader of every XML format (JUnit, TRX, NUnit, xUnit.net): feeds report chunks to saxes
 * with strict UTF-8 decoding and hostile-input checks, and turns every failure into an ImportError with a
 * 1-based line and column. Namespaces are not resolved (saxes' namespace mode costs time quadratic in the
 * nesting depth); readers see qualified names and the `xmlns` attributes.
 *
 * Security: saxes never fetches external entities and only knows the five predefined ones, so `&xxe;`
 * is an "undefined entity" error rather than a lookup; any DOCTYPE is refused outright, so XXE probes and
 * entity-expansion bombs fail with a clear message. No test tool writes one.
 *
 * Leniency: XML 1.0 forbids C0 control characters, yet test output is full of ANSI colour codes (ESC)
 * that reporters copy raw into messages. Rejecting a whole report for a colour code helps nobody, so
 * they are parked in the Private Use Area while saxes reads the text and restored in what the sink
 * receives. NUL stays an error: it marks a binary or corrupt file, not test output.
 *
 * Sloppy but clear (attribute-repair.ts): raw `<` and `&` inside attribute values are escaped before
 * saxes reads them, and counted for a warning. Cut off: when the input ends inside the root element, the
 * sink may keep what was complete (`truncated`); only a file with nothing complete is refused.
 *
 * Depth: no test report nests more than a few levels (JUnit's deepest real files nest suites four deep),
 * while a hostile one can nest 100,000; every reader keeps a frame per open element, so elements nested
 * deeper than MAX_DEPTH end the parse with an error at that element.
 */
import { SaxesParser } from 'saxes';
import { ImportError, type ImportWarning } from '../importer.js';
import { AttributeRepair } from './attribute-repair.js';

export interface Position {
  line: number;
  column: number;
}

/** Receives the document's elements in order; may throw ImportError to stop the parse. */
export interface XmlSink {
  open(name: string, attributes: Readonly<Record<string, string>>, at: Position): void;
  text(text: string): void;
  close(name: string): void;
  /**
   * The input ended inside the root element at `at` (a report cut off mid-write): keep what is complete
   * and return true, or return false when nothing is, and the file is refused.
   */
  truncated?(at: Position): boolean;
}

/** What a cut-off report says about itself, the same for every format. */
export function truncationMessage(file: string | undefined, at: Position, casesRead: number, suite: string, inSuite: number): string {
  const plural = (n: number) => `${n} complete test case${n === 1 ? '' : 's'}`;
  return `${file ?? 'the report'} ends on line ${at.line}, column ${at.column}, inside suite "${suite}" (cut off mid-write?): ${plural(casesRead)} read, ${inSuite} of them in this suite; the rest of the report is missing`;
}

const SAXES_LOCATION = /^\d+:\d+: /;
const CONTROL = /[\x01-\x08\x0B\x0C\x0E-\x1F]/;
const CONTROLS = /[\x01-\x08\x0B\x0C\x0E-\x1F]/g;
const PARKED = /[\uE001-\uE01F]/g;
const PARK_OFFSET = 0xe000;

/** Elements nested deeper than this are refused (see the note on depth above). */
export const MAX_DEPTH = 1000;

export class XmlFeed {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private tagStart: Position = { line: 1, column: 1 };
  private started = false;
  private sawContent = false;
  private declaredEncoding: string | undefined;
  private parkedControls = false;
  private depth = 0;
  private readonly repair = new AttributeRepair();

  constructor(
    private readonly sink: XmlSink,
    private readonly fileName: string | undefined,
  ) {
    const p = this.parser;
    p.on('xmldecl', (decl) => (this.declaredEncoding = decl.encoding));
    p.on('doctype', () => this.fail('DOCTYPE declarations are not accepted (external entities and entity expansion are refused)'));
    // The tag's own position, for errors about the element rather than about what follows it.
    p.on('opentagstart', (tag) => (this.tagStart = { line: p.line, column: Math.max(1, p.column - tag.name.length - 1) }));
    p.on('opentag', (tag) => {
      if (++this.depth > MAX_DEPTH) this.fail(`elements nested more than ${MAX_DEPTH} levels deep (<${tag.name}>): not a test report`, this.tagStart);
      sink.open(tag.name, this.parkedControls ? this.restoreAll(tag.attributes) : tag.attributes, this.tagStart);
    });
    p.on('text', (text) => sink.text(this.restore(text)));
    p.on('cdata', (text) => sink.text(this.restore(text)));
    p.on('closetag', (tag) => {
      this.depth--;
      sink.close(tag.name);
    });
  }

  write(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') {
      this.feed(this.started ? chunk : chunk.replace(/^\uFEFF/, ''));
    } else {
      if (!this.started && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        this.fail('UTF-16 encoded report: only UTF-8 is supported, convert the file first', { line: 1, column: 1 });
      }
      let text: string;
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch {
        // Feed what decodes cleanly so the error points at the first bad byte (within this chunk).
        const lossy = new TextDecoder('utf-8').decode(chunk);
        this.feed(lossy.slice(0, Math.max(0, lossy.indexOf('\uFFFD'))));
        this.failAtNext(this.invalidUtf8Message());
      }
      this.feed(text);
    }
    if (chunk.length > 0) this.started = true;
  }

  end(): void {
    let rest = '';
    let cutCharacter = false;
    try {
      rest = this.decoder.decode();
    } catch {
      cutCharacter = true;
    }
    this.feed(rest);
    const tail = this.repair.end();
    if (tail) this.guard(() => this.parser.write(tail));
    if (!this.sawContent) this.fail('empty file: no XML content', { line: 1, column: 1 });
    // Cut off inside the root element: what is complete may still be read.
    const at = { line: this.parser.line, column: this.parser.column + 1 };
    const openElements = this.depth > 0;
    try {
      this.guard(() => this.parser.close(), true);
    } catch (e) {
      if (!(e instanceof ImportError) || !openElements || !this.sink.truncated?.(at)) throw e;
      return;
    }
    if (cutCharacter) this.failAtNext(`${this.invalidUtf8Message()} (the file ends inside a multi-byte character)`);
  }

  /** What the reader tolerated: attribute values it escaped. */
  warnings(): ImportWarning[] {
    const { repaired, first } = this.repair;
    if (repaired === 0) return [];
    const what = `${repaired} unescaped '<' or '&' in attribute values (first on line ${first!.line}, column ${first!.column}) read as the characters they are; XML requires &lt; and &amp; there`;
    return [{ code: 'repaired-xml', message: what, line: first!.line, column: first!.column }];
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (!this.sawContent) {
      const first = text.search(/\S/);
      if (first < 0) return this.guard(() => this.parser.write(text));
      this.sawContent = true;
      if (text[first] !== '<') {
        this.guard(() => this.parser.write(text.slice(0, first)));
        this.failAtNext(`not an XML document: expected '<' but found ${JSON.stringify(text.slice(first, first + 12))}`);
      }
    }
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      this.guard(() => this.parser.write(text.slice(0, nul)));
      this.failAtNext('NUL byte (U+0000) is not allowed in XML: is this a binary file?');
    }
    if (CONTROL.test(text)) {
      this.parkedControls = true;
      text = text.replace(CONTROLS, (c) => String.fromCharCode(c.charCodeAt(0) + PARK_OFFSET));
    }
    const repaired = this.repair.write(text);
    this.guard(() => this.parser.write(repaired));
  }

  private restore(text: string): string {
    return this.parkedControls ? text.replace(PARKED, (c) => String.fromCharCode(c.charCodeAt(0) - PARK_OFFSET)) : text;
  }

  private restoreAll(attributes: Record<string, string>): Record<string, string> {
    const restored: Record<string, string> = {};
    for (const [name, value] of Object.entries(attributes)) restored[name] = this.restore(value);
    return restored;
  }

  /**
   * Runs a saxes call, turning its well-formedness errors into ImportErrors; bugs pass through.
   * At the end of input the position is just past the last character, where more was expected.
   */
  private guard(call: () => void, atEnd = false): void {
    try {
      call();
    } catch (e) {
      if (e instanceof Error && !(e instanceof ImportError) && SAXES_LOCATION.test(e.message)) {
        const what = e.message.replace(SAXES_LOCATION, '');
        if (atEnd) this.failAtNext(`unexpected end of file (truncated XML?): ${what}`);
        // Only the five predefined entities exist here; say so, since XXE probes end up in this branch.
        const why = what.startsWith('undefined entity') ? ' (DTD and external entities are never resolved)' : '';
        this.fail(`malformed XML: ${what}${why}`);
      }
      throw e;
    }
  }

  private invalidUtf8Message(): string {
    const declared = this.declaredEncoding && !/^utf-?8$/i.test(this.declaredEncoding) ? ` (the XML declaration says ${this.declaredEncoding})` : '';
    return `invalid UTF-8 byte sequence: only UTF-8 reports are supported${declared}; is this a binary file?`;
  }

  /** At saxes' position: the column of the character it just read. */
  private fail(message: string, at: Position = { line: this.parser.line, column: Math.max(1, this.parser.column) }): never {
    throw new ImportError(message, this.fileName, at.line, at.column);
  }

  /** At the character saxes would read next (the offending one for checks made before writing it). */
  private failAtNext(message: string): never {
    this.fail(message, { line: this.parser.line, column: this.parser.column + 1 });
  }
}

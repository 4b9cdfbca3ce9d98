/**
 * A streaming pre-pass that escapes the two characters some reporters write raw inside attribute values
 * although XML forbids them there: `<` (a template's `time="<<computed>>"`, a test named `reads <stdin>`)
 * and `&` that starts no reference (tst writes `name='parses a & b'` unescaped). Their meaning is clear,
 * so they become `&lt;` and `&amp;` before saxes reads the text; everything else passes unchanged.
 *
 * It knows just enough XML to touch only attribute values: tags and their quotes, comments, CDATA,
 * processing instructions and declarations (whose text is left alone). A reference-shaped `&name;` is
 * left as written, so an undefined entity is still an error and entity handling is saxes' alone (DOCTYPE
 * refused, nothing expanded). Linear: each character is looked at once, text between tags is skipped with
 * indexOf, and a chunk without repairs comes back as the same string.
 *
 * @example new AttributeRepair().write(`<t name='a & b' time="<<computed>>"/>`)
 *   // `<t name='a &amp; b' time="&lt;&lt;computed>>"/>`
 */

type State = 'text' | 'markup' | 'tag' | 'value' | 'comment' | 'cdata' | 'pi' | 'declaration';

/** What follows `<` decides what it opens; the longest prefix to tell is `<![CDATA[`. */
const OPENERS: [string, State][] = [
  ['<!--', 'comment'],
  ['<![CDATA[', 'cdata'],
  ['<?', 'pi'],
  ['<!', 'declaration'],
];
const CLOSERS: Partial<Record<State, string>> = { comment: '-->', cdata: ']]>', pi: '?>' };
/** What ends or matters in a tag, and in a value quoted either way. */
const TAG_STOP = /["'>]/g;
const DOUBLE_VALUE_STOP = /["<&]/g;
const SINGLE_VALUE_STOP = /['<&]/g;
/** A character or entity reference: left as written (saxes decides whether it is defined). */
const REFERENCE = /^&(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9a-fA-F]+);/;
/** A reference's longest plausible length; an `&` with no `;` within it is a raw ampersand. */
const REFERENCE_SPAN = 40;

export class AttributeRepair {
  /** Characters escaped so far. */
  repaired = 0;
  /** Where the first one was, 1-based, in the text as written. */
  first: { line: number; column: number } | undefined;
  private state: State = 'text';
  private quote = '';
  private bracketDepth = 0;
  /** The end of the previous chunk, when it stopped where more text is needed to decide. */
  private held = '';
  private line = 1;
  private column = 1;

  /** The chunk's text, repaired; may hold back a few characters until the next chunk (or `end`). */
  write(chunk: string): string {
    const text = this.held + chunk;
    this.held = '';
    return this.scan(text, false);
  }

  /** What was held back, at the end of input (a cut-off file ends wherever it ends). */
  end(): string {
    const text = this.held;
    this.held = '';
    return this.scan(text, true);
  }

  private scan(text: string, final: boolean): string {
    let out: string[] | undefined;
    let copied = 0;
    let i = 0;
    const replace = (at: number, by: string) => {
      (out ??= []).push(text.slice(copied, at), by);
      copied = at + 1;
      this.note(text, at);
    };
    scan: while (i < text.length) {
      switch (this.state) {
        case 'text': {
          const lt = text.indexOf('<', i);
          if (lt < 0) {
            i = text.length;
            break;
          }
          i = lt;
          this.state = 'markup';
          break;
        }
        case 'markup': {
          const next = text[i + 1];
          if (next === undefined && !final) break scan;
          // Most markup is a start or end tag: decided by one character.
          if (next !== '!' && next !== '?') {
            this.state = 'tag';
            i++;
            break;
          }
          const rest = text.slice(i, i + 9);
          const opener = OPENERS.find(([prefix]) => rest.startsWith(prefix));
          // A prefix of an opener cut by the chunk's end: decide when more text has come.
          if (!final && rest.length < 9 && OPENERS.some(([prefix]) => prefix.startsWith(rest) && prefix !== rest && rest.length < prefix.length)) break scan;
          this.state = opener?.[1] ?? 'tag';
          this.bracketDepth = 0;
          i += opener ? opener[0].length : 1;
          break;
        }
        case 'tag': {
          TAG_STOP.lastIndex = i;
          const stop = TAG_STOP.exec(text);
          if (!stop) {
            i = text.length;
            break;
          }
          const c = stop[0];
          if (c === '>') this.state = 'text';
          else {
            this.quote = c;
            this.state = 'value';
          }
          i = stop.index + 1;
          break;
        }
        case 'value': {
          const stops = this.quote === '"' ? DOUBLE_VALUE_STOP : SINGLE_VALUE_STOP;
          stops.lastIndex = i;
          const stop = stops.exec(text);
          if (!stop) {
            i = text.length;
            break;
          }
          i = stop.index;
          const c = stop[0];
          if (c === this.quote) this.state = 'tag';
          else if (c === '<') replace(i, '&lt;');
          else if (c === '&') {
            const ahead = text.slice(i, i + REFERENCE_SPAN);
            if (!REFERENCE.test(ahead)) {
              // Not decidable yet: a `;` may still come in the next chunk.
              if (!final && ahead.length < REFERENCE_SPAN && /^&#?[\w.:-]*$/.test(ahead)) break scan;
              replace(i, '&amp;');
            }
          }
          i++;
          break;
        }
        case 'declaration': {
          const c = text[i]!;
          if (c === '[') this.bracketDepth++;
          else if (c === ']') this.bracketDepth--;
          else if (c === '>' && this.bracketDepth <= 0) this.state = 'text';
          i++;
          break;
        }
        default: {
          const closer = CLOSERS[this.state]!;
          const at = text.indexOf(closer, i);
          if (at < 0) {
            // Keep what could be the start of the closer for the next chunk.
            i = final ? text.length : Math.max(i, text.length - (closer.length - 1));
            break scan;
          }
          i = at + closer.length;
          this.state = 'text';
        }
      }
    }
    if (!final) this.held = text.slice(i);
    const done = final ? text : text.slice(0, i);
    this.advance(done);
    if (!out) return done;
    out.push(done.slice(copied));
    return out.join('');
  }

  /** Records the first repair's position, from the position at the start of `text`. */
  private note(text: string, at: number): void {
    this.repaired++;
    if (this.first) return;
    const before = text.slice(0, at);
    const newline = before.lastIndexOf('\n');
    const lines = newline < 0 ? 0 : before.split('\n').length - 1;
    this.first = { line: this.line + lines, column: newline < 0 ? this.column + at : at - newline };
  }

  /** Moves the position past `text` (only needed until the first repair is found). */
  private advance(text: string): void {
    if (this.first) return;
    const newline = text.lastIndexOf('\n');
    if (newline < 0) this.column += text.length;
    else {
      for (let n = text.indexOf('\n'); n >= 0; n = text.indexOf('\n', n + 1)) this.line++;
      this.column = text.length - newline;
    }
  }
}

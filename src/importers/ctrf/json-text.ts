/**
 * A CTRF document's text to a value: a depth check first, then JSON.parse, with errors as ImportErrors
 * carrying line and column.
 *
 * The depth check is one linear pass over the text (brackets outside strings): no CTRF document nests
 * more than about ten levels, while `[[[[…` 100,000 deep parses fine and then overflows the stack of any
 * recursive walk over it (schema validation, JSON.stringify of a parameter).
 */
import { parseJsonText } from '../../core/text.js';
import { ImportError } from '../importer.js';

/** The same bound as for XML elements (xml-feed.ts). */
export const MAX_JSON_DEPTH = 1000;

export function parseJsonReport(text: string, file: string | undefined): unknown {
  const tooDeep = depthExceededAt(text, MAX_JSON_DEPTH);
  if (tooDeep >= 0) {
    const { line, column } = positionOf(text, tooDeep);
    throw new ImportError(`JSON nested more than ${MAX_JSON_DEPTH} levels deep: not a test report`, file, line, column);
  }
  try {
    return parseJsonText(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = Number(reason.match(/at position (\d+)/)?.[1] ?? NaN);
    if (Number.isNaN(position)) throw new ImportError(`malformed JSON: ${reason}`, file);
    const { line, column } = positionOf(text, position);
    throw new ImportError(`malformed JSON: ${reason}`, file, line, column);
  }
}

/** The offset of the first bracket that opens level `max + 1`, or -1. */
function depthExceededAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

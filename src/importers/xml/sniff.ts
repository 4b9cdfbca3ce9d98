/**
 * Root-element sniffing for format detection, for every XML format: skips a BOM, the XML declaration,
 * comments, processing instructions and a DOCTYPE (so that an XXE probe is still routed to its importer,
 * which refuses it with a clear message), then returns the first start tag's local name and attribute
 * text. A scanner rather than one big regex, so a 4 KiB head of comments cannot make it backtrack.
 */
export function rootElement(head: string): { name: string; attributes: string } | undefined {
  let i = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < head.length && isSpace(head.charCodeAt(i))) i++;
    if (head.startsWith('<?', i)) i = after(head, '?>', i);
    else if (head.startsWith('<!--', i)) i = after(head, '-->', i);
    else if (head.startsWith('<!DOCTYPE', i)) i = afterDoctype(head, i);
    else break;
    if (i < 0) return undefined;
  }
  const match = START_TAG.exec(head.slice(i, i + 1024));
  return match ? { name: match[1]!, attributes: match[2]! } : undefined;
}

const START_TAG = /^<(?:[\w.-]+:)?([\w.-]+)([^>]*)/;

function after(head: string, close: string, from: number): number {
  const end = head.indexOf(close, from);
  return end < 0 ? -1 : end + close.length;
}

/** A DOCTYPE may carry an internal subset in brackets, which may itself contain `>`. */
function afterDoctype(head: string, from: number): number {
  const bracket = head.indexOf('[', from);
  const gt = head.indexOf('>', from);
  if (gt < 0) return -1;
  if (bracket < 0 || bracket > gt) return gt + 1;
  const closeBracket = head.indexOf(']', bracket);
  return closeBracket < 0 ? -1 : after(head, '>', closeBracket);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Root-element sniffing for format detection: skips a BOM, the XML declaration, comments, processing
 * instructions and a DOCTYPE (so that an XXE probe is still routed to its importer, which refuses it
 * with a clear message), then returns the first start tag's name and attribute text.
 */
const PROLOG = /^\uFEFF?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)*/;
const START_TAG = /^<(?:[\w.-]+:)?([\w.-]+)([^>]*)/;

export function rootElement(head: string): { name: string; attributes: string } | undefined {
  const match = head.replace(PROLOG, '').match(START_TAG);
  return match ? { name: match[1], attributes: match[2] } : undefined;
}

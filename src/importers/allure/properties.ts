/**
 * Java `.properties` text (what Allure's `environment.properties` is) as an ordered map, read as
 * `java.util.Properties.load` reads it: `#`/`!` comments, `=`, `:` or white space between key and value,
 * backslash escapes (`\=`, `\ `, `\t`, `\uXXXX`...) and lines continued by an odd number of trailing backslashes.
 *
 * @example parseProperties('build\\ agent=ci-1\ntitle=A \\u2014 B') // { 'build agent': 'ci-1', title: 'A — B' }
 */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    let i = 0;
    let key = '';
    while (i < line.length) {
      const ch = line[i]!;
      if (ch === '\\') {
        const [value, length] = unescape(line, i);
        key += value;
        i += length;
        continue;
      }
      if (ch === '=' || ch === ':' || ch === ' ' || ch === '\t' || ch === '\f') break;
      key += ch;
      i++;
    }
    // The separator: white space, then at most one '=' or ':', then white space again.
    while (i < line.length && /[ \t\f]/.test(line[i]!)) i++;
    if (line[i] === '=' || line[i] === ':') i++;
    while (i < line.length && /[ \t\f]/.test(line[i]!)) i++;
    let value = '';
    while (i < line.length) {
      if (line[i] === '\\') {
        const [v, length] = unescape(line, i);
        value += v;
        i += length;
      } else value += line[i++];
    }
    out[key] = value;
  }
  return out;
}

/** Natural lines joined where a line ends in an odd number of backslashes; comments and blank lines dropped. */
function* logicalLines(text: string): Generator<string> {
  let pending: string | undefined;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = pending === undefined ? raw.replace(/^[ \t\f]+/, '') : pending + raw.replace(/^[ \t\f]+/, '');
    if (pending === undefined && (line === '' || line[0] === '#' || line[0] === '!')) continue;
    const trailing = /\\*$/.exec(line)![0].length;
    if (trailing % 2 === 1) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = undefined;
    yield line;
  }
  if (pending !== undefined && pending !== '') yield pending;
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** The character a backslash escape at `i` stands for, and the escape's length. */
function unescape(line: string, i: number): [string, number] {
  const next = line[i + 1];
  if (next === undefined) return ['', 1];
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(i + 2, i + 6))) return [String.fromCharCode(parseInt(line.slice(i + 2, i + 6), 16)), 6];
  return [ESCAPES[next] ?? next, 2];
}

/** Allure's `environment.xml`: `<environment><parameter><key>k</key><value>v</value></parameter>…`. */
export function parseEnvironmentXml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const decode = (s: string) =>
    s
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!)
      .trim();
  for (const m of text.matchAll(/<parameter\b[^>]*>([\s\S]*?)<\/parameter>/g)) {
    const key = /<key>([\s\S]*?)<\/key>/.exec(m[1]!)?.[1];
    const value = /<value>([\s\S]*?)<\/value>/.exec(m[1]!)?.[1];
    if (key !== undefined) out[decode(key)] = decode(value ?? '');
  }
  return out;
}

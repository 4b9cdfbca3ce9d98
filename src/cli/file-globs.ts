/**
 * File arguments with globs, for `verdict upload` and `verdict import` (Node 20 has no fs.glob).
 * Supported: `*` (within one path segment), `**` (any number of segments), `?` (one character), and
 * literal paths. Matching is on `/`-separated paths relative to the working directory, as shells do;
 * names starting with a dot are matched only by a pattern that spells the dot.
 *
 * @example expandFileArgs(['reports/**\/*.xml', 'extra/junit.xml'], process.cwd())
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const GLOB_CHARS = /[*?]/;

/** The pattern as an anchored regular expression over `/`-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  const p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '*' && p[i + 1] === '*') {
      const slashAfter = p[i + 2] === '/';
      // `**/` matches zero or more whole segments; a trailing `**` matches everything below.
      out += slashAfter ? '(?:(?!\\.)[^/]*/)*' : '(?:(?!\\.)[^/]*(?:/(?!\\.)[^/]*)*)?';
      i += slashAfter ? 2 : 1;
    } else if (ch === '*') {
      out += out.endsWith('/') || out === '' ? '(?!\\.)[^/]*' : '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else {
      out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** The directory to walk: the pattern's leading segments that hold no glob character. */
function baseOf(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (GLOB_CHARS.test(s)) break;
    fixed.push(s);
  }
  if (fixed.length === segments.length) fixed.pop();
  return fixed.join('/') || '.';
}

/**
 * Files named by the arguments, in argument order (each glob's matches sorted), without duplicates.
 * Throws for a literal path that does not exist; a glob that matches nothing is reported in `unmatched`.
 */
export function expandFileArgs(args: readonly string[], cwd: string): { files: string[]; unmatched: string[] } {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const arg of args) {
    if (!GLOB_CHARS.test(arg)) {
      const path = resolve(cwd, arg);
      if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`no such file: ${arg}`);
      add(arg);
      continue;
    }
    const absolute = arg.startsWith('/');
    const base = baseOf(arg);
    const root = absolute ? base || '/' : join(cwd, base);
    if (!existsSync(root)) {
      unmatched.push(arg);
      continue;
    }
    const matcher = globToRegExp(absolute ? arg : arg.replace(/^\.\//, ''));
    const matches: string[] = [];
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      const candidate = absolute ? full.split(sep).join('/') : relative(cwd, full).split(sep).join('/');
      if (matcher.test(candidate)) matches.push(candidate);
    }
    if (!matches.length) unmatched.push(arg);
    matches.sort().forEach(add);
  }
  return { files, unmatched };
}

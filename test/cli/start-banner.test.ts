import { describe, expect, it } from 'vitest';
import { box, keyCommand, startBanner } from '../../src/cli/start-banner.js';

const config = { publicUrl: 'http://127.0.0.1:8080/', sqlitePath: './data/verdict.db', databaseUrl: undefined };

describe('the start banner', () => {
  it('boxes the URL and the new key, last, with a curl to try above it', () => {
    const text = startBanner({ config, key: 'vdt_abc', workspace: 'demo' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Try: curl -H "Authorization: Bearer vdt_abc" http://127.0.0.1:8080/api/v3/test_runs/517');
    expect(lines[1]).toMatch(/^╭─+╮$/);
    expect(lines.at(-1)).toMatch(/^╰─+╯$/);
    expect(text).toContain('│ Verdict is ready: http://127.0.0.1:8080 ');
    expect(text).toContain('│   vdt_abc ');
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
  });

  it('without a new key, says how to make one with a command that works from a checkout', () => {
    const text = startBanner({ config, workspace: 'demo', demoAlreadyLoaded: true });
    expect(text).not.toContain('Try:');
    expect(text).toContain('The demo is already loaded');
    expect(text).toContain('npx verdict keys create --workspace demo --name me ');
  });

  it('names the database file in the command when it is not the default', () => {
    expect(keyCommand({ ...config, sqlitePath: '/srv/v.db' }, 'acme')).toBe('npx verdict keys create --workspace acme --name me --db /srv/v.db');
    expect(keyCommand({ ...config, databaseUrl: 'postgres://x' })).toBe('npx verdict keys create --workspace NAME --name me');
  });

  it('box pads every line to the longest', () => {
    expect(box(['a', 'abc'])).toBe('╭─────╮\n│ a   │\n│ abc │\n╰─────╯');
  });
});

import { describe, expect, it } from 'vitest';
import { scan } from '../../src/query/scanner.js';

const tokens = (text: string) => scan(text).map((t) => `${t.kind}@${t.offset}:${JSON.stringify(t.text)}`);

describe('scan', () => {
  it('startTime>2024-05-29T07:29:19Z, result @ A#B', () => {
    expect(tokens('startTime>2024-05-29T07:29:19Z, result @ A#B')).toEqual([
      'field@0:"startTime"',
      'operator@9:">"',
      'value@10:"2024-05-29T07:29:19Z"',
      'comma@30:","',
      'field@32:"result"',
      'operator@39:"@"',
      'value@41:"A#B"',
      'end@44:""',
    ]);
  });

  it('result:', () => {
    expect(tokens('result:')).toEqual(['field@0:"result"', 'operator@6:":"', 'value@7:""', 'end@7:""']);
  });

  it('a.b:1,c:2 (an unexpected character skips the rest of its clause)', () => {
    expect(tokens('a.b:1,c:2')).toEqual([
      'field@0:"a"',
      'invalid@1:"."',
      'comma@5:","',
      'field@6:"c"',
      'operator@7:":"',
      'value@8:"2"',
      'end@9:""',
    ]);
  });
});

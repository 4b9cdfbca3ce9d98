/**
 * The pre-pass that escapes raw `<` and `&` inside attribute values (xml/attribute-repair.ts): what it
 * touches, what it leaves alone, and that chunk borders change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttributeRepair } from '../../src/importers/xml/attribute-repair.js';

function repairIn(chunks: string[]) {
  const repair = new AttributeRepair();
  const out = chunks.map((c) => repair.write(c)).join('') + repair.end();
  return { out, repaired: repair.repaired, first: repair.first };
}
const repair = (text: string) => repairIn([text]);

describe('AttributeRepair', () => {
  it(`<t name='a & b' time="<<computed>>"/>`, () => {
    expect(repair(`<t name='a & b' time="<<computed>>"/>`)).toEqual({ out: `<t name='a &amp; b' time="&lt;&lt;computed>>"/>`, repaired: 3, first: { line: 1, column: 12 } });
  });

  it('leaves references as written: &amp; &lt; &#10; &#x0A; and an undefined &xxe; (saxes refuses that)', () => {
    const text = '<t a="x &amp; y &lt; &#10; &#x0A; &xxe; & z"/>';
    expect(repair(text).out).toBe('<t a="x &amp; y &lt; &#10; &#x0A; &xxe; &amp; z"/>');
  });

  it('leaves text, comments, CDATA, processing instructions and a DOCTYPE alone', () => {
    const text = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "a&b">]><!-- a "<" & b --><r x="1">a &amp; b<![CDATA[ " < & ]]></r>`;
    expect(repair(text)).toMatchObject({ out: text, repaired: 0 });
  });

  it('a quote of the other kind is part of the value; > is legal there and kept', () => {
    expect(repair(`<t a='say "<hi>"' b="it's < 2 > 1"/>`).out).toBe(`<t a='say "&lt;hi>"' b="it's &lt; 2 > 1"/>`);
  });

  it('says where the first repair is, as written, across lines and chunks', () => {
    expect(repairIn(['<r>\n  <t a="ok"/>\n  <t', ' b="x & y"/>\n</r>']).first).toEqual({ line: 3, column: 11 });
  });

  it('a valid document comes back unchanged, however it is cut into chunks', () => {
    const text = `<?xml version="1.0"?>\n<!-- c --><testsuites name="a &amp; b"><testsuite name='s'><testcase name="x &lt; y" time="1"><![CDATA[ <&> ]]></testcase></testsuite></testsuites>`;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
        expect(repairIn(chunks)).toMatchObject({ out: text, repaired: 0 });
      }),
    );
  });

  it('a sloppy document is repaired the same, however it is cut into chunks', () => {
    const text = `<r><t name='parses a & b' time="<<computed>>" m="a &amp; b &"/><!-- <t a="&"/> --><t x="&#38;&"/></r>`;
    const whole = repair(text);
    expect(whole.repaired).toBe(5);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
        expect(repairIn(chunks)).toEqual(whole);
      }),
    );
  });
});

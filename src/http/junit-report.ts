/**
 * The JUnit XML report of a run, exactly as the original writes it (reference.md §9): one <testsuite> per
 * machine result named "{plan} || {machine title}", every case row (data-driven iterations too) as a
 * <testcase> with its suite as classname, failures == errors == the rows that did not pass. Pure.
 */
import { MAX_DURATION_MS } from '../core/time.js';

export interface JunitRun {
  planName: string;
  /** Link to the run, in the properties, failure messages and system-out. */
  reportsUrl: string;
  machines: {
    title: string;
    startTime: number | null;
    duration: number | null;
    cases: { name: string; suiteName: string; duration: number | null; result: string; message: string | null }[];
  }[];
}

/** commons-lang `DurationFormatUtils.formatDuration(ms, "ss.SSS")`: no minutes token, so seconds hold the total. */
export function formatJunitTime(ms: number | null): string {
  // Stored durations are bounded (core/time.ts); a span computed from far-apart times is clamped the same way.
  const total = Math.min(MAX_DURATION_MS, Math.max(0, Math.round(ms ?? 0)));
  return `${String(Math.floor(total / 1000)).padStart(2, '0')}.${String(total % 1000).padStart(3, '0')}`;
}

/** java.sql.Timestamp#toString in UTC: `2024-05-29 07:29:19.0`, `… 07:29:19.25` (trailing zeros of the fraction dropped). */
export function formatJavaTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-05-29T07:29:19.250Z
  const fraction = iso.slice(20, 23).replace(/0+$/, '') || '0';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

// Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF) are dropped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeText(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export function junitReport(run: JunitRun): string {
  const url = run.reportsUrl;
  const out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<testsuites>'];
  for (const machine of run.machines) {
    const failures = machine.cases.filter((c) => c.result !== 'SUCCESS').length;
    const attrs = [
      `name="${escapeAttribute(`${run.planName} || ${machine.title}`)}"`,
      ...(machine.startTime !== null ? [`timestamp="${formatJavaTimestamp(machine.startTime)}"`] : []),
      `tests="${machine.cases.length}"`,
      `failures="${failures}"`,
      `errors="${failures}"`,
      `time="${formatJunitTime(machine.duration)}"`,
    ];
    out.push(`    <testsuite ${attrs.join(' ')}>`);
    out.push('        <properties>');
    out.push(`            <property name="Testsigma reports URL" value="${escapeAttribute(url)}"/>`);
    out.push('        </properties>');
    for (const c of machine.cases) {
      const open = `        <testcase name="${escapeAttribute(c.name)}" classname="${escapeAttribute(c.suiteName)}" time="${formatJunitTime(c.duration)}"`;
      if (c.result === 'SUCCESS') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      out.push(`            <failure>${escapeText(`Test failed with message:"${c.message ?? ''}".please visit below URL for more details.\n ${url}`)}</failure>`);
      out.push('        </testcase>');
    }
    out.push(`        <system-out>${escapeText(`For More info on results, visit ${url}`)}</system-out>`);
    out.push('    </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

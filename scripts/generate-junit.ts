/**
 * Writes a large surefire-style JUnit XML report for performance checks.
 *
 *   node --import tsx scripts/generate-junit.ts 100000 /tmp/junit-100k.xml
 *
 * Of the cases, 10% fail (message, type and a stack trace), 4% are skipped and 30% carry system-out;
 * suites hold 100 cases each. 100,000 cases make about 50 MB.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const CASES_PER_SUITE = 100;

/** The report as a sequence of text pieces, one suite at a time, so it never sits in memory whole. */
export function* junitReport(caseCount: number): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="generated" tests="${caseCount}">\n`;
  for (let first = 0; first < caseCount; first += CASES_PER_SUITE) {
    yield suite(first, Math.min(caseCount, first + CASES_PER_SUITE));
  }
  yield '</testsuites>\n';
}

function suite(first: number, end: number): string {
  const className = `com.example.generated.module${Math.floor(first / 1000)}.Generated${first}Test`;
  const parts = [
    `  <testsuite name="${className}" tests="${end - first}" time="${((end - first) * 0.012).toFixed(3)}" timestamp="2024-05-29T07:29:19" hostname="ci-runner-7">\n`,
    '    <properties>\n',
    '      <property name="java.version" value="21.0.2"/>\n',
    '      <property name="os.name" value="Linux"/>\n',
    '      <property name="user.timezone" value="UTC"/>\n',
    '    </properties>\n',
  ];
  for (let i = first; i < end; i++) parts.push(testCase(i, className));
  parts.push('  </testsuite>\n');
  return parts.join('');
}

function testCase(i: number, className: string): string {
  const open = `    <testcase name="shouldHandleScenario${i}[input=${i % 7}]" classname="${className}" time="${((i % 97) * 0.0137).toFixed(4)}"`;
  const body: string[] = [];
  if (i % 10 === 0) {
    // Strictly valid XML 1.0 (no raw control characters), so every peer tool can read the same file.
    const message = `expected:&lt;${i}&gt; but was:&lt;${i + 1}&gt; ✗ mismatch 🚨`;
    body.push(`      <failure message="${message}" type="org.opentest4j.AssertionFailedError">${stackTrace(i, className)}</failure>\n`);
  } else if (i % 25 === 1) {
    body.push(`      <skipped message="disabled until ticket PROJ-${i} is fixed"/>\n`);
  }
  if (i % 10 === 2 || i % 10 === 5 || i % 10 === 8) {
    body.push(`      <system-out><![CDATA[${output(i)}]]></system-out>\n`);
  }
  return body.length === 0 ? `${open}/>\n` : `${open}>\n${body.join('')}    </testcase>\n`;
}

function stackTrace(i: number, className: string): string {
  const frames = [`org.opentest4j.AssertionFailedError: expected: &lt;${i}&gt; but was: &lt;${i + 1}&gt;`];
  frames.push(`\tat ${className}.shouldHandleScenario${i}(Generated${i}Test.java:${40 + (i % 60)})`);
  for (let f = 0; f < 14; f++) frames.push(`\tat org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively${f}(NodeTestTask.java:${100 + f})`);
  return frames.join('\n');
}

function output(i: number): string {
  const lines: string[] = [];
  for (let l = 0; l < 8; l++) lines.push(`2024-05-29 07:29:${String(l).padStart(2, '0')} INFO  [worker-${i % 8}] step ${l} of scenario ${i} done`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const [countArg, path] = process.argv.slice(2);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 0 || !path) {
    console.error('usage: node --import tsx scripts/generate-junit.ts <case-count> <output-path>');
    process.exit(2);
  }
  const out = createWriteStream(path);
  for (const piece of junitReport(count)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(`wrote ${count} cases to ${path} (${out.bytesWritten} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

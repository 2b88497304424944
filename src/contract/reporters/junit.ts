import type { Secrets } from '../secrets.js';
import type { CaseResult, RunReport } from '../types.js';
import { CURL_HINT, failureDetails, printable } from './failures.js';

function esc(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(r: CaseResult, secrets: Secrets): string {
  const name = esc(secrets.mask(`${r.id}: ${r.title}`));
  const open = `    <testcase classname="${esc(`umc-contract.${r.group}.${r.operationIds[0]}`)}" name="${name}" time="${seconds(r.ms)}"`;
  if (r.status === 'passed') return `${open}/>`;
  if (r.status === 'skipped') return `${open}>\n      <skipped message="${esc(r.skipReason ?? '')}"/>\n    </testcase>`;
  const details = failureDetails(r, secrets);
  const text = details
    .map((f) =>
      [
        `check: ${f.check}`,
        f.operation ? `operation: ${f.operation} (${f.step})` : '',
        f.expected !== undefined ? `expected: ${f.expected}` : '',
        f.got !== undefined ? `got: ${f.got}` : '',
        f.response !== undefined ? `response: HTTP ${f.httpStatus ?? '-'} in ${f.ms} ms: ${f.response}` : '',
        f.curl ? `reproduce (${CURL_HINT}):\n  ${f.curl}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n\n');
  const message = details.map((f) => f.check).join(', ');
  return `${open}>\n      <failure message="${esc(message)}" type="${esc(details[0]?.check ?? 'failure')}">${esc(text)}</failure>\n    </testcase>`;
}

/** JUnit XML: one testsuite per case group, one testcase per case. */
export function junitReport(report: RunReport, secrets: Secrets): string {
  const groups = new Map<string, CaseResult[]>();
  for (const r of report.results) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const c = report.counts;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="umc-contract" tests="${c.total}" failures="${c.failed}" errors="0" skipped="${c.skipped}" time="${seconds(report.ms)}" timestamp="${esc(report.startedAt)}">`,
  ];
  for (const [group, results] of groups) {
    const failures = results.filter((r) => r.status === 'failed').length;
    const skipped = results.filter((r) => r.status === 'skipped').length;
    const time = results.reduce((sum, r) => sum + r.ms, 0);
    out.push(`  <testsuite name="umc-contract.${esc(group)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`);
    out.push(
      '    <properties>',
      `      <property name="target" value="${esc(report.target)}"/>`,
      `      <property name="mode" value="${report.mode}"/>`,
      `      <property name="seed" value="${report.seed}"/>`,
      '    </properties>',
    );
    for (const r of results) out.push(testcase(r, secrets));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${secrets.mask(out.join('\n'))}\n`;
}

import type { Secrets } from '../secrets.js';
import type { CaseResult, RunReport } from '../types.js';
import { CURL_HINT, VERDICTS_EXPLAINED, casePassage, findings, printable, type FailureDetail } from './failures.js';

function esc(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function describe(list: FailureDetail[]): string {
  return list
    .map((f) =>
      [
        `${f.verdict}: ${f.check}`,
        `basis: ${f.basis}`,
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
}

/** A fail is <failure>; inconclusive is <skipped message="inconclusive: …">; notes go to <system-out>. */
function testcase(r: CaseResult, secrets: Secrets): string {
  const name = esc(secrets.mask(`${r.id}: ${r.title}`));
  const open = `    <testcase classname="${esc(`umc-contract.${r.group}.${r.operationIds[0]}`)}" name="${name}" time="${seconds(r.ms)}">`;
  const parts = [open, `      <properties><property name="document" value="${esc(casePassage(r))}"/><property name="verdict" value="${r.status}"/></properties>`];
  const fails = findings(r, secrets, 'fail');
  const notes = findings(r, secrets, 'note');
  if (r.status === 'inconclusive') parts.push(`      <skipped message="${esc(`inconclusive: ${r.reason ?? ''}`)}"/>`);
  if (fails.length > 0) parts.push(`      <failure message="${esc(fails.map((f) => f.check).join(', '))}" type="${esc(fails[0]!.check)}">${esc(describe(fails))}</failure>`);
  if (notes.length > 0) parts.push(`      <system-out>${esc(describe(notes))}</system-out>`);
  parts.push('    </testcase>');
  return parts.join('\n');
}

/** JUnit XML: one testsuite per case group, one testcase per case. */
export function junitReport(report: RunReport, secrets: Secrets): string {
  const groups = new Map<string, CaseResult[]>();
  for (const r of report.results) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const c = report.counts;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- umc-contract verdicts: ${esc(VERDICTS_EXPLAINED)} -->`,
    `<testsuites name="umc-contract" tests="${c.total}" failures="${c.failed}" errors="0" skipped="${c.inconclusive}" time="${seconds(report.ms)}" timestamp="${esc(report.startedAt)}">`,
  ];
  for (const [group, results] of groups) {
    const failures = results.filter((r) => r.status === 'failed').length;
    const skipped = results.filter((r) => r.status === 'inconclusive').length;
    const time = results.reduce((sum, r) => sum + r.ms, 0);
    out.push(`  <testsuite name="umc-contract.${esc(group)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`);
    out.push(
      '    <properties>',
      `      <property name="target" value="${esc(report.target)}"/>`,
      `      <property name="mode" value="${report.mode}"/>`,
      `      <property name="strict" value="${report.strict}"/>`,
      `      <property name="seed" value="${report.seed}"/>`,
      `      <property name="noted" value="${results.filter((r) => r.status === 'noted').length}"/>`,
      '    </properties>',
    );
    for (const r of results) out.push(testcase(r, secrets));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${secrets.mask(out.join('\n'))}\n`;
}

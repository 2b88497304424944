import type { Secrets } from '../secrets.js';
import type { CaseResult, RunReport } from '../types.js';
import { CURL_HINT, VERDICTS_EXPLAINED, answerLine, casePassage, caseView, causeLine, printable, securityLine, type CaseView, type FindingView } from './case-view.js';

function esc(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The message attribute: one readable sentence per finding; a shared cause's names it and how far it reaches. */
function message(list: FindingView[]): string {
  return list.map((f) => (f.cause ? `${f.check}: ${f.cause.cause}: shared cause ${f.cause.id} of ${f.cause.cases.length} cases (${f.basis})` : f.sentence)).join(' | ');
}

/** The body: every finding, then the requests it points at, each once, with a curl. */
function details(view: CaseView, list: FindingView[]): string {
  const parts = list.map((f) =>
    [
      `${f.verdict}: ${f.check}${f.severity && f.verdict === 'note' ? ` [${f.severity}]` : ''}`,
      f.cause ? `cause: ${causeLine(f.cause)}, first seen in ${f.cause.example.case}` : `basis: ${f.basis}`,
      !f.cause && f.expected !== undefined ? `expected: ${f.expected}` : '',
      !f.cause && f.got !== undefined ? `got: ${f.got}` : '',
      !f.cause && f.exchange !== undefined ? `request: ${f.exchange + 1}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  const requests = view.exchanges.map((v) => `request ${v.index + 1} (${v.operation}, ${v.step}): ${v.request}\nanswer: ${answerLine(v)}\nreproduce: ${v.curl}`);
  return [...parts, ...requests, ...(requests.length > 0 ? [`(${CURL_HINT})`] : [])].join('\n\n');
}

/** The operation a case is about: the middle of its id (flows name their subject there too). */
function caseOperation(r: CaseResult): string {
  return r.id.split('/')[1] ?? r.operationIds[0] ?? 'run';
}

/**
 * A fail is <failure message="sentence">, a transport or gateway problem <error>; inconclusive is
 * <skipped message="inconclusive: …"> with its last request in <system-out>; notes go to <system-out>.
 */
function testcase(r: CaseResult, report: RunReport, secrets: Secrets): string {
  const view = caseView(r, report, secrets);
  const name = esc(secrets.mask(`${r.id}: ${r.title}`));
  const parts = [
    `    <testcase classname="${esc(`umc-contract.${r.group}.${caseOperation(r)}`)}" name="${name}" time="${seconds(r.ms)}">`,
    `      <properties><property name="document" value="${esc(casePassage(r))}"/><property name="verdict" value="${r.status}"/>${r.placeholder ? `<property name="placeholder" value="${esc(r.placeholder)}"/>` : ''}</properties>`,
  ];
  if (r.status === 'inconclusive') parts.push(`      <skipped message="${esc(`inconclusive: ${r.reason ?? ''}`)}"/>`);
  if (view.fails.length > 0) parts.push(`      <failure message="${esc(message(view.fails))}" type="${esc(view.fails[0]!.check)}">${esc(details(view, view.fails))}</failure>`);
  if (view.errors.length > 0) parts.push(`      <error message="${esc(message(view.errors))}" type="${esc(view.errors[0]!.check)}">${esc(details(view, view.errors))}</error>`);
  const out = [view.notes.length > 0 ? details({ ...view, exchanges: [] }, view.notes) : '', r.status === 'inconclusive' ? details(view, []) : ''].filter(Boolean).join('\n\n');
  if (out) parts.push(`      <system-out>${esc(out)}</system-out>`);
  parts.push('    </testcase>');
  return parts.join('\n');
}

function suiteOpen(name: string, report: RunReport, results: CaseResult[]): string[] {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const time = results.reduce((sum, r) => sum + r.ms, 0);
  return [
    `  <testsuite name="${esc(name)}" tests="${results.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('inconclusive')}" time="${seconds(time)}">`,
    '    <properties>',
    `      <property name="target" value="${esc(report.target)}"/>`,
    `      <property name="mode" value="${report.mode}"/>`,
    `      <property name="strict" value="${report.strict}"/>`,
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="noted" value="${count('noted')}"/>`,
    `      <property name="verdicts" value="${esc(VERDICTS_EXPLAINED)}"/>`,
    '    </properties>',
  ];
}

/**
 * JUnit XML as Jenkins and GitLab read it (a strict XML parser checks it in the tests): first a
 * security suite (a failing testcase per echoed secret), then one testsuite per case group.
 */
export function junitReport(report: RunReport, secrets: Secrets): string {
  const groups = new Map<string, CaseResult[]>();
  for (const r of report.results) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const c = report.counts;
  const security = report.security.length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="umc-contract" tests="${c.total + security}" failures="${c.failed + security}" errors="${c.error}" skipped="${c.inconclusive}" time="${seconds(report.ms)}">`,
  ];
  if (security > 0) {
    out.push(`  <testsuite name="umc-contract.security" tests="${security}" failures="${security}" errors="0" skipped="0" time="0.000">`);
    for (const f of report.security) {
      out.push(
        `    <testcase classname="umc-contract.security.${esc(f.operation)}" name="${esc(`${f.secret} echoed in ${f.where}`)}" time="0.000">`,
        `      <failure message="${esc(securityLine(f))}" type="secret_echoed"/>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  for (const [group, results] of groups) {
    out.push(...suiteOpen(`umc-contract.${group}`, report, results));
    for (const r of results) out.push(testcase(r, report, secrets));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${secrets.mask(out.join('\n'))}\n`;
}

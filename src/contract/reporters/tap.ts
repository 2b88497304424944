import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { CURL_HINT, VERDICTS_EXPLAINED, answerLine, casePassage, caseView, causeLine, printable, securityLine, type FindingView } from './case-view.js';

/** A YAML scalar: JSON strings are valid YAML. */
function y(value: unknown): string {
  return JSON.stringify(value);
}

function block(lines: string[], key: string, list: FindingView[]): void {
  if (list.length === 0) return;
  lines.push(`  ${key}:`);
  for (const f of list) {
    lines.push(`    - check: ${y(f.check)}`);
    if (f.cause) {
      lines.push(`      cause: ${y(`${f.cause.id}: ${f.cause.cause} (stated at the top)`)}`);
      continue;
    }
    lines.push(`      basis: ${y(f.basis)}`);
    if (f.expected !== undefined) lines.push(`      expected: ${y(f.expected)}`);
    if (f.got !== undefined) lines.push(`      got: ${y(f.got)}`);
    if (f.exchange !== undefined) lines.push(`      request: ${f.exchange + 1}`);
  }
}

/**
 * TAP 14: a failing test point per security finding, then one per case. A fail or an error is
 * "not ok" with its findings in a YAML block and the requests they point at, each once; notes ride
 * on "ok" points in the same block; an inconclusive case is "# SKIP inconclusive: reason", with
 * its last request. A finding of a shared cause names it: the cause is stated once, in the header.
 */
export function tapReport(report: RunReport, secrets: Secrets): string {
  const lines = [
    'TAP version 14',
    `# umc-contract ${report.target} (${report.isMock ? 'umc-mock' : 'deployment'}) mode=${report.mode}${report.strict ? ' strict' : ''}${report.failOn ? ` fail-on=${report.failOn}` : ''} seed=${report.seed}`,
    `# verdicts: ${VERDICTS_EXPLAINED}`,
  ];
  for (const c of report.causes) lines.push(`# ${causeLine(c)}; e.g. ${c.example.case}`);
  lines.push(`1..${report.security.length + report.results.length}`);
  let n = 0;
  for (const f of report.security) lines.push(`not ok ${++n} - security: ${securityLine(f).replace(/#/g, '\\#')}`);
  for (const r of report.results) {
    const view = caseView(r, report, secrets);
    const name = `${r.id} - ${r.title}`.replace(/#/g, '\\#');
    const notes = view.notes.length > 0 ? ` notes=${view.notes.length}` : '';
    if (r.status === 'inconclusive') lines.push(`ok ${++n} - ${name} # SKIP inconclusive: ${(r.reason ?? '').replace(/#/g, '\\#')}`);
    else lines.push(`${r.status === 'failed' || r.status === 'error' ? 'not ok' : 'ok'} ${++n} - ${name} # time=${r.ms}ms${notes}`);
    const findings = [...view.fails, ...view.errors, ...view.notes];
    if (findings.length === 0 && view.exchanges.length === 0) continue;
    lines.push('  ---');
    if (view.onlyShared) {
      // One cause, said at the top: the case only names it.
      lines.push(`  cause: ${y([...new Set([...view.fails, ...view.errors].map((f) => `${f.cause!.id}: ${f.cause!.cause}`))].join('; '))}`);
      if (view.notes.length > 0) lines.push(`  notes: ${view.notes.length}`);
      lines.push('  ...');
      continue;
    }
    lines.push(`  case: ${y(r.id)}`, `  operation: ${y(r.operationIds.join(', '))}`, `  document: ${y(casePassage(r))}`);
    if (r.field) lines.push(`  field: ${y(r.field)}`);
    if (r.placeholder) lines.push(`  placeholder: ${y(r.placeholder)}`);
    block(lines, 'failures', view.fails);
    block(lines, 'errors', view.errors);
    // A note is one line: what differs from which assumption, and whether a client would notice.
    if (view.notes.length > 0) lines.push('  notes:', ...view.notes.map((f) => `    - ${y(`[${f.severity}] ${f.sentence}`)}`));
    if (view.exchanges.length > 0) {
      lines.push('  requests:');
      for (const v of view.exchanges) {
        lines.push(`    - request: ${v.index + 1}`, `      step: ${y(`${v.operation}, ${v.step}`)}`, `      sent: ${y(v.request)}`, `      answer: ${y(answerLine(v))}`, `      curl: ${y(v.curl)}`);
      }
      lines.push(`  curl_note: ${y(CURL_HINT)}`);
    }
    lines.push('  ...');
  }
  const c = report.counts;
  lines.push(`# ${c.passed} passed, ${c.failed} failed, ${c.noted} noted, ${c.inconclusive} inconclusive, ${c.error} errors in ${(report.ms / 1000).toFixed(1)} s`);
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

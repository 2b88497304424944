import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { CURL_HINT, VERDICTS_EXPLAINED, casePassage, findings, printable, type FailureDetail } from './failures.js';

/** A YAML scalar: JSON strings are valid YAML. */
function y(value: unknown): string {
  return JSON.stringify(value);
}

function block(lines: string[], key: string, list: FailureDetail[]): void {
  if (list.length === 0) return;
  lines.push(`  ${key}:`);
  for (const f of list) {
    lines.push(`    - check: ${y(f.check)}`, `      basis: ${y(f.basis)}`);
    if (f.operation) lines.push(`      operation: ${y(f.operation)}`, `      step: ${y(f.step)}`);
    if (f.expected !== undefined) lines.push(`      expected: ${y(f.expected)}`);
    if (f.got !== undefined) lines.push(`      got: ${y(f.got)}`);
    if (f.response !== undefined) lines.push(`      response: ${y(`HTTP ${f.httpStatus ?? '-'} in ${f.ms} ms: ${f.response}`)}`);
    if (f.curl) lines.push(`      curl: ${y(f.curl)}`, `      curl_note: ${y(CURL_HINT)}`);
  }
}

/**
 * TAP 14: one test point per case. A fail is "not ok" with its findings in a YAML block; notes
 * ride on "ok" points in the same block; an inconclusive case is "# SKIP inconclusive: reason".
 */
export function tapReport(report: RunReport, secrets: Secrets): string {
  const lines = [
    'TAP version 14',
    `# umc-contract ${report.target} (${report.isMock ? 'umc-mock' : 'deployment'}) mode=${report.mode}${report.strict ? ' strict' : ''} seed=${report.seed}`,
    `# verdicts: ${VERDICTS_EXPLAINED}`,
    `1..${report.results.length}`,
  ];
  report.results.forEach((r, i) => {
    const name = `${r.id} - ${r.title}`.replace(/#/g, '\\#');
    if (r.status === 'inconclusive') {
      lines.push(`ok ${i + 1} - ${name} # SKIP inconclusive: ${r.reason ?? ''}`);
      return;
    }
    const fails = findings(r, secrets, 'fail');
    const notes = findings(r, secrets, 'note');
    lines.push(`${r.status === 'failed' ? 'not ok' : 'ok'} ${i + 1} - ${name} # time=${r.ms}ms${notes.length > 0 ? ` notes=${notes.length}` : ''}`);
    if (fails.length === 0 && notes.length === 0) return;
    lines.push('  ---', `  case: ${y(r.id)}`, `  operation: ${y(r.operationIds.join(', '))}`, `  document: ${y(casePassage(r))}`);
    if (r.field) lines.push(`  field: ${y(r.field)}`);
    block(lines, 'failures', fails);
    block(lines, 'notes', notes);
    lines.push('  ...');
  });
  const c = report.counts;
  lines.push(`# ${c.passed} passed, ${c.failed} failed, ${c.noted} noted, ${c.inconclusive} inconclusive in ${(report.ms / 1000).toFixed(1)} s`);
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

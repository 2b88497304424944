import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { CURL_HINT, failureDetails, printable } from './failures.js';

/** A YAML scalar: JSON strings are valid YAML. */
function y(value: unknown): string {
  return JSON.stringify(value);
}

/** TAP 14: one test point per case, a YAML block with the failures, skips as # SKIP. */
export function tapReport(report: RunReport, secrets: Secrets): string {
  const lines = ['TAP version 14', `# umc-contract ${report.target} (${report.isMock ? 'umc-mock' : 'deployment'}) mode=${report.mode} seed=${report.seed}`, `1..${report.results.length}`];
  report.results.forEach((r, i) => {
    const name = `${r.id} - ${r.title}`.replace(/#/g, '\\#');
    if (r.status === 'skipped') {
      lines.push(`ok ${i + 1} - ${name} # SKIP ${r.skipReason ?? ''}`);
      return;
    }
    lines.push(`${r.status === 'passed' ? 'ok' : 'not ok'} ${i + 1} - ${name} # time=${r.ms}ms`);
    if (r.status === 'failed') {
      lines.push('  ---', `  case: ${y(r.id)}`, `  operation: ${y(r.operationIds.join(', '))}`);
      if (r.field) lines.push(`  field: ${y(r.field)}`);
      lines.push('  failures:');
      for (const f of failureDetails(r, secrets)) {
        lines.push(`    - check: ${y(f.check)}`);
        if (f.operation) lines.push(`      operation: ${y(f.operation)}`, `      step: ${y(f.step)}`);
        if (f.expected !== undefined) lines.push(`      expected: ${y(f.expected)}`);
        if (f.got !== undefined) lines.push(`      got: ${y(f.got)}`);
        if (f.response !== undefined) lines.push(`      response: ${y(`HTTP ${f.httpStatus ?? '-'} in ${f.ms} ms: ${f.response}`)}`);
        if (f.curl) lines.push(`      curl: ${y(f.curl)}`, `      curl_note: ${y(CURL_HINT)}`);
      }
      lines.push('  ...');
    }
  });
  const c = report.counts;
  lines.push(`# ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped in ${(report.ms / 1000).toFixed(1)} s`);
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

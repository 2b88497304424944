import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { CURL_HINT, failureDetails, printable } from './failures.js';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

/** The human summary: each failure a person can act on, skips grouped by reason, counts and timing. */
export function summaryReport(report: RunReport, secrets: Secrets, notRun = 0): string {
  const lines: string[] = [];
  for (const r of report.results.filter((x) => x.status === 'failed')) {
    lines.push(`✗ ${r.id}`, `  ${r.title}`);
    for (const f of failureDetails(r, secrets)) {
      lines.push(`  check     ${f.check}${f.operation ? `  (${f.operation}${f.step && f.step !== f.operation ? `, ${f.step}` : ''})` : ''}`);
      if (f.expected !== undefined) lines.push(`  expected  ${f.expected}`);
      if (f.got !== undefined) lines.push(`  got       ${f.got}`);
      if (f.response !== undefined) lines.push(`  response  HTTP ${f.httpStatus ?? '-'} in ${f.ms} ms: ${f.response}`);
      if (f.curl) lines.push(`  reproduce (${CURL_HINT}):`, `    ${f.curl}`);
    }
    lines.push('');
  }
  const reasons = new Map<string, string[]>();
  for (const r of report.results.filter((x) => x.status === 'skipped')) {
    const key = r.skipReason ?? '';
    reasons.set(key, [...(reasons.get(key) ?? []), r.id]);
  }
  for (const [reason, ids] of reasons) {
    const ops = [...new Set(ids.map((id) => id.split('/')[1]))];
    lines.push(`- skipped ${ids.length}: ${reason} (${ops.join(', ')})`);
  }
  const times = report.results.flatMap((r) => r.exchanges.filter((e) => e.status !== undefined).map((e) => e.ms)).sort((a, b) => a - b);
  const slowest = report.results.flatMap((r) => r.exchanges).reduce<{ ms: number; op?: string }>((m, e) => (e.ms > m.ms ? { ms: e.ms, op: e.operationId } : m), { ms: 0 });
  const c = report.counts;
  lines.push(
    `umc-contract ${report.target} (${report.isMock ? 'umc-mock' : 'deployment'}), mode ${report.mode}, seed ${report.seed}${report.receiversSource && report.receiversSource !== 'none' && report.mode === 'full' ? `, receivers from ${report.receiversSource}` : ''}`,
    `  ${times.length} requests: median ${percentile(times, 0.5)} ms, p95 ${percentile(times, 0.95)} ms, slowest ${slowest.ms} ms (${slowest.op ?? '-'})`,
  );
  if (notRun > 0) lines.push(`  ${notRun} full-mode cases not run (they send messages: --mode full)`);
  lines.push(`${c.failed === 0 ? 'PASS' : 'FAIL'}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped in ${(report.ms / 1000).toFixed(1)} s`);
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

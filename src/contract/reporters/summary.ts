import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { assumptionsSection } from './assumptions.js';
import { CURL_HINT, VERDICTS_EXPLAINED, casePassage, findings, printable } from './failures.js';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

/**
 * The human summary: each fail a person can act on (with the passage it breaks and a curl), each
 * note on one line, inconclusive cases grouped by reason, the assumption report against a
 * deployment, counts and timing.
 */
export function summaryReport(report: RunReport, secrets: Secrets, notRun = 0): string {
  const lines: string[] = [];
  for (const r of report.results.filter((x) => x.status === 'failed')) {
    lines.push(`✗ ${r.id}`, `  ${r.title}`, `  document  ${casePassage(r)}`);
    for (const f of findings(r, secrets, 'fail')) {
      lines.push(`  check     ${f.check}${f.operation ? `  (${f.operation}${f.step && f.step !== f.operation ? `, ${f.step}` : ''})` : ''}`);
      lines.push(`  breaks    ${f.basis}`);
      if (f.expected !== undefined) lines.push(`  expected  ${f.expected}`);
      if (f.got !== undefined) lines.push(`  got       ${f.got}`);
      if (f.response !== undefined) lines.push(`  response  HTTP ${f.httpStatus ?? '-'} in ${f.ms} ms: ${f.response}`);
      if (f.curl) lines.push(`  reproduce (${CURL_HINT}):`, `    ${f.curl}`);
    }
    lines.push('');
  }
  // Notes grouped by what they differ from: one line per assumption, with a count and an example.
  const notes = new Map<string, { n: number; id: string; f: ReturnType<typeof findings>[number] }>();
  for (const r of report.results) {
    for (const f of findings(r, secrets, 'note')) {
      const key = `${f.check} ${f.basis}`;
      const entry = notes.get(key);
      if (entry) entry.n++;
      else notes.set(key, { n: 1, id: r.id, f });
    }
  }
  if (notes.size > 0) {
    const total = [...notes.values()].reduce((sum, e) => sum + e.n, 0);
    lines.push(`Notes (${total}): differences from umc-mock's assumptions, not contract failures`);
    for (const { n, id, f } of notes.values()) {
      lines.push(`  note ×${n}  ${f.check}: ${f.basis.replace(/^assumption /, '')}`, `           e.g. ${id}: expected ${f.expected ?? '-'}; got ${f.got ?? '-'}`);
    }
    lines.push('');
  }
  const reasons = new Map<string, string[]>();
  for (const r of report.results.filter((x) => x.status === 'inconclusive')) {
    const key = r.reason ?? '';
    reasons.set(key, [...(reasons.get(key) ?? []), r.id]);
  }
  for (const [reason, ids] of reasons) lines.push(`? inconclusive ${ids.length}: ${reason} (${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ', …' : ''})`);
  if (!report.isMock) lines.push('', assumptionsSection(report, secrets).trimEnd());
  const times = report.results.flatMap((r) => r.exchanges.filter((e) => e.status !== undefined).map((e) => e.ms)).sort((a, b) => a - b);
  const slowest = report.results.flatMap((r) => r.exchanges).reduce<{ ms: number; op?: string }>((m, e) => (e.ms > m.ms ? { ms: e.ms, op: e.operationId } : m), { ms: 0 });
  const c = report.counts;
  lines.push(
    '',
    `umc-contract ${report.target} (${report.isMock ? 'umc-mock' : 'deployment'}), mode ${report.mode}${report.strict ? ' --strict' : ''}, seed ${report.seed}${report.receiversSource && report.receiversSource !== 'none' && report.mode === 'full' ? `, receivers from ${report.receiversSource}` : ''}`,
    `  verdicts: ${VERDICTS_EXPLAINED}`,
    `  ${times.length} requests: median ${percentile(times, 0.5)} ms, p95 ${percentile(times, 0.95)} ms, slowest ${slowest.ms} ms (${slowest.op ?? '-'})`,
  );
  if (notRun > 0) lines.push(`  ${notRun} full-mode cases not run (they send messages, take replies or change todos: --mode full)`);
  lines.push(`${c.failed === 0 ? 'PASS' : 'FAIL'}: ${c.passed} passed, ${c.failed} failed, ${c.noted} noted, ${c.inconclusive} inconclusive in ${(report.ms / 1000).toFixed(1)} s`);
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

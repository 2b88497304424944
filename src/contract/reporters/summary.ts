import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { assumptionsSection } from './assumptions.js';
import { CURL_HINT, VERDICTS_EXPLAINED, answerLine, caseList, casePassage, caseView, causeExample, causeLine, printable, securityLine, type CaseView, type ExchangeView } from './case-view.js';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

function exchangeLines(v: ExchangeView, indent: string): string[] {
  return [
    `${indent}request   ${v.request}${v.prerequisite ? ' (a prerequisite)' : ''}  [${v.operation}, ${v.step}]`,
    `${indent}response  ${answerLine(v)}`,
    `${indent}reproduce ${v.curl}`,
  ];
}

/** A failed or errored case: its findings (one line each for those of a shared cause), then its requests, once. */
function caseBlock(view: CaseView): string[] {
  const r = view.result;
  const lines = [`${r.status === 'error' ? '!' : '✗'} ${r.id}`, `  ${r.title}`, `  document  ${casePassage(r)}`];
  for (const f of [...view.fails, ...view.errors]) {
    if (f.cause) {
      lines.push(`  ${f.verdict.padEnd(5)}     ${f.check}: ${f.cause.id} (stated above)`);
      continue;
    }
    lines.push(`  ${f.verdict.padEnd(5)}     ${f.check}${f.exchange !== undefined ? `  (request ${f.exchange + 1})` : ''}`, `  basis     ${f.basis}`);
    if (f.expected !== undefined) lines.push(`  expected  ${f.expected}`);
    if (f.got !== undefined) lines.push(`  got       ${f.got}`);
  }
  for (const v of view.exchanges) lines.push(`  [request ${v.index + 1}]`, ...exchangeLines(v, '    '));
  return lines;
}

/**
 * The human summary: security findings first, then each cause shared by many cases (once, with an
 * example to act on), each other fail or error a person can act on (the passage it breaks, the
 * request, the answer and a curl, each once), the baseline comparison, notes grouped by what they
 * differ from and whether a client would notice, inconclusive cases grouped by reason, the
 * assumption report against a deployment, counts and timing.
 */
export function summaryReport(report: RunReport, secrets: Secrets, notRun = 0): string {
  const lines: string[] = [];
  if (report.security.length > 0) {
    lines.push(`SECURITY (${report.security.length}): the deployment sends secrets back (exit 1)`);
    for (const f of report.security) lines.push(`  ✗ ${securityLine(f)}`);
    lines.push('');
  }
  if (report.causes.length > 0) {
    lines.push(`Shared causes (${report.causes.length}): each stated once; the cases below refer to them`);
    for (const c of report.causes) {
      const { finding, exchange } = causeExample(c, report, secrets);
      lines.push(`  ${causeLine(c)}`);
      if (finding) lines.push(`     basis     ${finding.basis}`, `     e.g.      ${c.example.case}: ${[finding.expected && `expected ${finding.expected}`, finding.got && `got ${finding.got}`].filter(Boolean).join('; ')}`);
      if (exchange) lines.push(...exchangeLines(exchange, '     '));
      lines.push(`     cases     ${caseList(c.cases)}`);
    }
    lines.push('');
  }
  const views = report.results.map((r) => caseView(r, report, secrets));
  const serious = views.filter((v) => v.result.status === 'failed' || v.result.status === 'error');
  for (const view of serious.filter((v) => !v.onlyShared)) lines.push(...caseBlock(view), '');
  const shared = serious.filter((v) => v.onlyShared);
  if (shared.length > 0) lines.push(`${shared.length} more cases fail only by the shared causes above: ${caseList(shared.map((v) => v.result.id), 8)}`, '');
  if (serious.some((v) => v.exchanges.length > 0 || v.onlyShared)) lines.push(`(curl: ${CURL_HINT})`, '');

  if (report.baseline) {
    const b = report.baseline;
    lines.push(
      `Baseline ${b.file} (saved ${b.savedAt}): ${b.compared} cases compared, ${b.changed} changed in what clients see${b.reworded > 0 ? `, ${b.reworded} reworded only (rspMsg${b.strict ? ': fails with --baseline-strict' : ': listed, not failed; --baseline-strict fails them'})` : ''}${b.notInBaseline.length > 0 ? `; not in the baseline: ${caseList(b.notInBaseline, 4)}` : ''}`,
      '',
    );
  }

  // Notes grouped by what they differ from: one line per group, with a count and an example.
  const notes = new Map<string, { n: number; id: string; f: CaseView['notes'][number] }>();
  for (const v of views) {
    for (const f of v.notes) {
      const key = `${f.check} ${f.basis} ${f.severity}`;
      const entry = notes.get(key);
      if (entry) entry.n++;
      else notes.set(key, { n: 1, id: v.result.id, f });
    }
  }
  if (notes.size > 0) {
    const by = report.notesBySeverity;
    lines.push(`Notes (${by['client-visible'] + by.wording}: ${by['client-visible']} client-visible, ${by.wording} wording): differences from umc-mock's assumptions, not contract failures`);
    const ordered = [...notes.values()].sort((a, b) => (a.f.severity === b.f.severity ? 0 : a.f.severity === 'client-visible' ? -1 : 1));
    for (const { n, id, f } of ordered) {
      lines.push(`  note ×${n} ${f.severity === 'client-visible' ? '[client-visible]' : '[wording]'} ${f.check}: ${f.basis.replace(/^assumption /, '')}`, `           e.g. ${id}: expected ${f.expected ?? '-'}; got ${f.got ?? '-'}`);
    }
    lines.push('');
  }
  const reasons = new Map<string, CaseView[]>();
  for (const v of views.filter((x) => x.result.status === 'inconclusive')) reasons.set(v.result.reason ?? '', [...(reasons.get(v.result.reason ?? '') ?? []), v]);
  for (const [reason, list] of reasons) {
    lines.push(`? inconclusive ${list.length}: ${reason} (${caseList(list.map((v) => v.result.id), 4)})`);
    const last = list[0]!.exchanges.at(-1);
    if (last) lines.push(...exchangeLines(last, '    '));
  }
  if (!report.isMock) lines.push('', assumptionsSection(report, secrets).trimEnd());
  const times = report.results.flatMap((r) => r.exchanges.filter((e) => e.status !== undefined).map((e) => e.ms)).sort((a, b) => a - b);
  const slowest = report.results.flatMap((r) => r.exchanges).reduce<{ ms: number; op?: string }>((m, e) => (e.ms > m.ms ? { ms: e.ms, op: e.operationId } : m), { ms: 0 });
  const c = report.counts;
  lines.push(
    '',
    `umc-contract ${report.target} (${report.isMock ? 'umc-mock' : 'deployment'}), mode ${report.mode}${report.strict ? ' --strict' : ''}${report.failOn ? ` --fail-on ${report.failOn}` : ''}, seed ${report.seed}${report.receiversSource && report.receiversSource !== 'none' && report.mode === 'full' ? `, receivers from ${report.receiversSource}` : ''}`,
    `  verdicts: ${VERDICTS_EXPLAINED}`,
    `  ${times.length} requests: median ${percentile(times, 0.5)} ms, p95 ${percentile(times, 0.95)} ms, slowest ${slowest.ms} ms (${slowest.op ?? '-'})`,
  );
  if (notRun > 0) lines.push(`  ${notRun} full-mode cases not run (they send messages, take replies or change todos: --mode full)`);
  const ok = c.failed === 0 && c.error === 0 && report.security.length === 0;
  const by = report.notesBySeverity;
  lines.push(
    `${ok ? 'PASS' : 'FAIL'}: ${c.passed} passed, ${c.failed} failed, ${c.noted} noted, ${c.inconclusive} inconclusive, ${c.error} errors${report.security.length > 0 ? `, ${report.security.length} security findings` : ''} in ${(report.ms / 1000).toFixed(1)} s; notes: ${by['client-visible']} client-visible, ${by.wording} wording`,
  );
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

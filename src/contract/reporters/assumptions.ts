import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { printable } from './case-view.js';

/** The assumption report as data (--out assumptions=FILE). */
export function assumptionsJson(report: RunReport) {
  return {
    tool: 'umc-contract',
    target: report.target,
    startedAt: report.startedAt,
    note: "each of umc-mock's assumptions this run could observe: confirmed, contradicted (with what the deployment answered), or not observed",
    counts: {
      confirmed: report.assumptions.filter((a) => a.status === 'confirmed').length,
      contradicted: report.assumptions.filter((a) => a.status === 'contradicted').length,
      notObserved: report.assumptions.filter((a) => a.status === 'not observed').length,
    },
    assumptions: report.assumptions.map((a) => ({
      id: a.assumption.id,
      text: a.assumption.text,
      status: a.status,
      observed: a.observed,
      contradictions: a.contradictions.length,
      examples: a.contradictions.slice(0, 5),
    })),
  };
}

export function assumptionsFile(report: RunReport, secrets: Secrets): string {
  return `${secrets.mask(JSON.stringify(secrets.maskValue(assumptionsJson(report)), null, 2))}\n`;
}

/** The closing section of a run against a deployment: how each of our guesses fared. */
export function assumptionsSection(report: RunReport, secrets: Secrets): string {
  const order = { contradicted: 0, confirmed: 1, 'not observed': 2 } as const;
  const sorted = [...report.assumptions].sort((a, b) => order[a.status] - order[b.status] || a.assumption.id.localeCompare(b.assumption.id));
  const lines = ["Assumptions of umc-mock this run could observe (what the deployment taught us):"];
  for (const a of sorted) {
    lines.push(`  ${a.status.padEnd(12)} ${a.assumption.id}: ${a.assumption.text}`);
    const first = a.contradictions[0];
    if (first) lines.push(`               e.g. ${first.case} (${first.check}): expected ${first.expected ?? '-'}, got ${first.got ?? '-'}${a.contradictions.length > 1 ? ` (+${a.contradictions.length - 1} more)` : ''}`);
  }
  const c = assumptionsJson(report).counts;
  lines.push(`  ${c.confirmed} confirmed, ${c.contradicted} contradicted, ${c.notObserved} not observed`);
  return `${printable(secrets.mask(lines.join('\n')))}\n`;
}

import type { ContractCase } from './types.js';

export const CASES_START = '<!-- contract-cases:start (generated from contract-tests by `npm run docs`) -->';
export const CASES_END = '<!-- contract-cases:end -->';

/**
 * Every case of the suite, by group and operation: the mode it runs in and what it could change
 * on a target that wrongly accepted its requests (the safety table of docs/contract.md).
 */
export function caseTable(cases: ContractCase[]): string {
  const rows = new Map<string, { group: string; operation: string; mode: string; risk: string; slugs: string[] }>();
  for (const c of cases) {
    const [group, operation, ...rest] = c.id.split('/');
    const risk = c.risk ?? (c.mode === 'safe' ? 'nothing: it only reads or fetches a token' : 'see the case');
    const key = `${group}|${operation}|${c.mode}|${risk}`;
    const row = rows.get(key) ?? { group: group!, operation: operation!, mode: c.mode, risk, slugs: [] };
    row.slugs.push(rest.join('/'));
    rows.set(key, row);
  }
  const lines = ['| cases | mode | what they can change on the target (on purpose, or if a buggy target accepted a request it must refuse) |', '|---|---|---|'];
  for (const r of rows.values()) {
    lines.push(`| \`${r.group}/${r.operation}/\` ${r.slugs.map((s) => `\`${s}\``).join(', ')} | ${r.mode} | ${r.risk} |`);
  }
  lines.push('', `${cases.length} cases: ${cases.filter((c) => c.mode === 'safe').length} in safe mode, ${cases.filter((c) => c.mode === 'full').length} more in full mode.`);
  return lines.join('\n');
}

/** docs/contract.md's text with its generated case table replaced. */
export function withCaseTable(page: string, cases: ContractCase[]): string {
  const start = page.indexOf(CASES_START);
  const end = page.indexOf(CASES_END);
  if (start < 0 || end < start) throw new Error('docs/contract.md lacks the contract-cases markers');
  return `${page.slice(0, start + CASES_START.length)}\n${caseTable(cases)}\n${page.slice(end)}`;
}

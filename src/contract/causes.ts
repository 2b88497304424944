import type { CaseResult, SharedCause } from './types.js';

/** A deviation seen in at least this many cases is one cause, stated once. */
export const SHARED_CAUSE_MIN_CASES = 3;

/**
 * The causes shared by several cases' fails and errors (every rspCode a number, a gateway's 502
 * page on one operation, a Content-Type changed since the baseline): each becomes one line at the
 * top of the reports, with the cases it touched, and those cases refer to it instead of repeating it.
 */
export function findCauses(results: CaseResult[]): SharedCause[] {
  const byKey = new Map<string, Omit<SharedCause, 'id'>>();
  for (const r of results) {
    for (const check of r.checks) {
      if ((check.verdict !== 'fail' && check.verdict !== 'error') || !check.cause) continue;
      const key = `${check.name}\u0000${check.cause}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { check: check.name, cause: check.cause, verdict: check.verdict, severity: check.severity, cases: [], answers: 0, example: { case: r.id, exchange: check.exchange } };
        byKey.set(key, entry);
      }
      entry.answers++;
      if (!entry.cases.includes(r.id)) entry.cases.push(r.id);
    }
  }
  return [...byKey.values()]
    .filter((c) => c.cases.length >= SHARED_CAUSE_MIN_CASES)
    .sort((a, b) => b.cases.length - a.cases.length || b.answers - a.answers)
    .map((c, i) => ({ id: `C${i + 1}`, ...c }));
}

/** The shared cause a case's check belongs to, if any. */
export function causeOf(causes: SharedCause[], caseId: string, check: { name: string; cause?: string }): SharedCause | undefined {
  return check.cause === undefined ? undefined : causes.find((c) => c.check === check.name && c.cause === check.cause && c.cases.includes(caseId));
}

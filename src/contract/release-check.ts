import { compareProfiles, type Change } from './baseline.js';
import { statusOf } from './case-run.js';
import { stepOf, type Profile } from './profile.js';
import type { BaselineRef, BaselineSummary, CaseResult, CheckResult } from './types.js';

/** A profile saved by an earlier run (--baseline FILE) and whether a reworded rspMsg fails too. */
export interface BaselineInput {
  profile: Profile;
  file: string;
  strict: boolean;
}

/** The last request of the case that made this step: the change points at its answer. */
function exchangeOf(result: CaseResult, step: string): number | undefined {
  for (let i = result.exchanges.length - 1; i >= 0; i--) if (!result.exchanges[i]!.prerequisite && stepOf(result.exchanges[i]!.label) === step) return i;
  return undefined;
}

function check(change: Change, result: CaseResult, ref: BaselineRef, strict: boolean): CheckResult {
  return {
    name: 'unchanged_since_baseline',
    ok: false,
    basis: { baseline: ref },
    // Wording is listed; a client reads codes, statuses and fields, not the text of rspMsg.
    verdict: change.severity === 'wording' && !strict ? ('note' as const) : ('fail' as const),
    severity: change.severity,
    expected: `${change.what} as in the baseline: ${change.before}`,
    got: `${change.after}${change.step ? ` (step ${change.step})` : ''}`,
    cause: `${change.what} changed since the baseline: ${change.before} → ${change.after}`,
    exchange: exchangeOf(result, change.step),
  };
}

/**
 * The release check: every case whose observable behaviour changed since the baseline run gets a
 * check unchanged_since_baseline per change (a fail; a reworded rspMsg is a note unless strict),
 * with before and after side by side. Ids, times and tokens never count (the profile keeps none).
 */
export function applyBaseline(results: CaseResult[], current: Profile, baseline: BaselineInput): BaselineSummary {
  const comparison = compareProfiles(baseline.profile, current);
  const ref: BaselineRef = { file: baseline.file, savedAt: baseline.profile.savedAt };
  let changed = 0;
  let reworded = 0;
  for (const r of results) {
    const changes = comparison.changes[r.id];
    if (!changes || changes.length === 0) continue;
    if (changes.some((c) => c.severity === 'client-visible')) changed++;
    else reworded++;
    for (const change of changes) r.checks.push(check(change, r, ref, baseline.strict));
    r.status = statusOf(r.checks, r.status === 'inconclusive' ? r.reason : undefined);
  }
  return { file: baseline.file, savedAt: ref.savedAt, strict: baseline.strict, compared: comparison.compared, changed, reworded, notInBaseline: comparison.notInBaseline };
}

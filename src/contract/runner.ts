import { loadSpec, type LoadedSpec } from '../spec/load.js';
import { ASSUME, DOC } from './basis.js';
import { NOTE_SEVERITY, checksNamed } from './checks.js';
import { runCase, statusOf } from './case-run.js';
import { findCauses } from './causes.js';
import { ConfigError, type ContractOptions } from './options.js';
import { runPool } from './pool.js';
import { Session, TOKEN_OPERATION } from './session.js';
import {
  GROUPS,
  type Assumption,
  type AssumptionObservation,
  type CaseResult,
  type CaseStatus,
  type CheckResult,
  type ContractCase,
  type RunReport,
  type Severity,
} from './types.js';
import type { Secrets } from './secrets.js';
import { buildProfile, makeScrubber, type Profile } from './profile.js';
import { applyBaseline, type BaselineInput } from './release-check.js';
import { VERSION } from '../version.js';

export { TOKEN_OPERATION } from './session.js';
/** The id of the case that reports a token step that did not work, when no token case was selected. */
export const SESSION_TOKEN_CASE = 'token/getThirdAPIToken/session-token';

export interface RunHooks {
  /** Called as each case ends (progress output), in the order they end. */
  onCase?(result: CaseResult, of: ContractCase[]): void;
}

/** Every name --only/--skip understands, for validation and the error message. */
function selectorVocabulary(spec: LoadedSpec): Set<string> {
  return new Set([...spec.operations.map((o) => o.operationId), ...spec.operations.flatMap((o) => o.tags), ...GROUPS]);
}

function matches(c: ContractCase, spec: LoadedSpec, selector: string): boolean {
  if ((GROUPS as readonly string[]).includes(selector)) return c.group === selector;
  if (c.operationIds.includes(selector)) return true;
  if (c.operationIds.some((id) => spec.byId.get(id)?.tags.includes(selector))) return true;
  return c.id === selector || c.id.startsWith(`${selector}/`);
}

/** The cases to run: mode first, then --only, then --skip. Unknown selectors are a configuration error. */
export function selectCases(cases: ContractCase[], spec: LoadedSpec, options: Pick<ContractOptions, 'mode' | 'only' | 'skip'>): ContractCase[] {
  const vocabulary = selectorVocabulary(spec);
  for (const s of [...options.only, ...options.skip]) {
    const known = vocabulary.has(s) || cases.some((c) => matches(c, spec, s)) || (options.skip.includes(s) && checksNamed(s).length > 0);
    if (!known) {
      throw new ConfigError(`--only/--skip 不认识：${s}（可用：operationId、标签、用例组 ${GROUPS.join('/')}、用例id前缀；--skip 还可以是检查名）`);
    }
  }
  return cases.filter(
    (c) =>
      (options.mode === 'full' || c.mode === 'safe') &&
      (options.only.length === 0 || options.only.some((s) => matches(c, spec, s))) &&
      !options.skip.some((s) => matches(c, spec, s)),
  );
}

export interface RunInput {
  options: ContractOptions;
  cases: ContractCase[];
  spec?: LoadedSpec;
  hooks?: RunHooks;
  /** --baseline: the profile of an earlier run to compare this one with. */
  baseline?: BaselineInput;
}

export interface RunOutput {
  report: RunReport;
  secrets: Secrets;
  /** What the deployment did in every case, as --save-profile writes it (before any baseline comparison). */
  profile: Profile;
}

/** The token step that gave no token, as one failed case (when no selected case shows it already). */
function tokenFailureResult(session: Session): CaseResult {
  const ex = session.tokenFailure!;
  const checks: CheckResult[] = [];
  const record = (check: CheckResult) => checks.push(check.ok ? check : { ...check, verdict: 'fail', severity: check.severity ?? NOTE_SEVERITY.positive_data_acceptance });
  for (const check of session.responseChecks(ex)) if (!check.ok && 'doc' in check.basis) record({ ...check, exchange: 0 });
  record({
    name: 'positive_data_acceptance',
    ok: false,
    expected: `rspCode ${session.tokenOp.success.rspCode} with resultData.token`,
    got: `rspCode ${session.codeOf(ex) ?? `(none: HTTP ${ex.status ?? ex.error})`}`,
    basis: { doc: DOC.tokenIssued },
    exchange: 0,
  });
  return {
    id: SESSION_TOKEN_CASE,
    group: 'token',
    operationIds: [session.tokenOp.operationId],
    title: "POST with the app's credentials issues the token every other case needs",
    mode: 'safe',
    doc: DOC.tokenIssued,
    status: statusOf(checks, undefined),
    checks,
    exchanges: [ex],
    ms: ex.ms,
  };
}

/**
 * Each assumption the run could observe: confirmed, contradicted (with what came back) or not
 * observed. A case that ended inconclusive never reached the rule it tests: what it saw confirms nothing.
 */
export function assumptionReport(results: CaseResult[], selected: ContractCase[]): AssumptionObservation[] {
  const byId = new Map<string, AssumptionObservation>();
  const entry = (a: Assumption) => {
    let o = byId.get(a.id);
    if (!o) byId.set(a.id, (o = { assumption: a, status: 'not observed', observed: 0, contradictions: [] }));
    return o;
  };
  for (const c of selected) for (const a of c.assumptions ?? []) entry(a);
  for (const a of Object.values(ASSUME)) entry(a);
  for (const r of results) {
    for (const check of r.checks) {
      if (!('assumption' in check.basis)) continue;
      if (check.ok && r.status === 'inconclusive') continue;
      const o = entry(check.basis.assumption);
      o.observed++;
      if (!check.ok) o.contradictions.push({ case: r.id, check: check.name, expected: check.expected, got: check.got });
    }
  }
  for (const o of byId.values()) o.status = o.contradictions.length > 0 ? 'contradicted' : o.observed > 0 ? 'confirmed' : 'not observed';
  return [...byId.values()];
}

/** Counts by status, and each note once by severity. */
export function tally(results: CaseResult[]): Pick<RunReport, 'counts' | 'notesBySeverity'> {
  const counts: Record<CaseStatus, number> & { total: number } = { passed: 0, failed: 0, noted: 0, inconclusive: 0, error: 0, total: results.length };
  const notesBySeverity: Record<Severity, number> = { 'client-visible': 0, wording: 0 };
  for (const r of results) {
    counts[r.status]++;
    for (const k of r.checks) if (k.verdict === 'note') notesBySeverity[k.severity ?? 'client-visible']++;
  }
  return { counts, notesBySeverity };
}

/** Cases that ask 5.1.1 for tokens: they run before the run's token is taken, so later refusals of it can be judged. */
const issuesTokens = (c: ContractCase) => c.operationIds.some((id) => id === TOKEN_OPERATION || id === 'getThirdAPITokenByGet');

/**
 * Runs the selected cases against the target. Throws ConfigError or UnreachableError (exit 2)
 * before any case when the configuration or the target is unusable. Three phases, each
 * --concurrency cases at a time, never two with the same lock together: the cases that fetch tokens
 * (with the auth cases, which use none of the run's); then, with a token newer than all of theirs,
 * everything else (flows first: they wait longest); then the exclusive cases, one at a time.
 * Results come in the order the cases were selected, whatever order they ended in.
 */
export async function runContract({ options, cases, spec = loadSpec(), hooks, baseline }: RunInput): Promise<RunOutput> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const chosen = selectCases(cases, spec, options);
  const session = new Session(options, spec);
  await session.prepare();
  const selected = chosen.filter((c) => !c.mockOnly || session.isMock);

  const results = new Map<ContractCase, CaseResult>();
  const run = async (c: ContractCase) => {
    const result = await runCase(session, c);
    results.set(c, result);
    hooks?.onCase?.(result, selected);
  };
  const last = selected.filter((c) => c.exclusive);
  const first = selected.filter((c) => !c.exclusive && (issuesTokens(c) || c.group === 'auth'));
  const middle = selected.filter((c) => !first.includes(c) && !last.includes(c));
  // One token case at a time: a platform may revoke the older token when it issues a newer one.
  await runPool(first, options.concurrency, (c) => c.lock ?? (issuesTokens(c) ? 'tokens' : undefined), run);
  await session.renewIfSuperseded();
  const flowsFirst = [...middle.filter((c) => c.group === 'flow'), ...middle.filter((c) => c.group !== 'flow')];
  await runPool(flowsFirst, options.concurrency, (c) => c.lock, run);
  for (const c of last) await run(c);

  const ordered = selected.map((c) => results.get(c)!);
  if (session.tokenFailure && !selected.some((c) => c.id === `token/${TOKEN_OPERATION}/issues-token`)) ordered.unshift(tokenFailureResult(session));
  const receivers = await session.receivers();
  const report: RunReport = {
    target: options.baseUrl,
    isMock: session.isMock,
    mode: options.mode,
    strict: options.strict,
    seed: options.seed,
    startedAt,
    ms: Math.round(performance.now() - started),
    results: ordered,
    ...tally(ordered),
    failOn: options.failOn,
    causes: [],
    security: session.security,
    receiversSource: session.fileReceivers?.source ?? session.directory?.source,
    assumptions: assumptionReport(ordered, selected),
  };
  // The run tag and the test people are in what was sent and may come back: a profile keeps neither.
  const values = [...receivers.users.map((u) => u.userId), ...receivers.mobiles.map((m) => m.mobile)];
  const scrub = makeScrubber({ secrets: session.secrets, runTag: session.runTag, target: options.baseUrl, values, appId: options.appId });
  const profile = buildProfile(report, scrub, `umc-contract ${VERSION}`);
  if (baseline) {
    report.baseline = applyBaseline(ordered, profile, baseline);
    Object.assign(report, tally(ordered));
  }
  report.causes = findCauses(ordered);
  return { secrets: session.secrets, profile, report };
}

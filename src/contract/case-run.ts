import { DOC, isDoc } from './basis.js';
import { CHECKS, ERROR_CHECKS, NOTE_SEVERITY, checksNamed, type CheckName } from './checks.js';
import { isTransportProblem } from './http.js';
import { TOKEN_OPERATION, type Session } from './session.js';
import type { Basis, CaseContext, CaseResult, CaseStatus, CheckResult, ContractCase, Exchange, Verdict } from './types.js';

export class InconclusiveSignal {
  constructor(readonly reason: string) {}
}
/** Ends a case: its fail or error is recorded already. */
class StopSignal {}

/** 5.1.1: the token lives 7200 s. A refusal within this margin of it could be clock skew or latency. */
const TOKEN_LIFETIME_S = 7200;
const LIFETIME_MARGIN_S = 60;
const TOKEN_LIFETIME = { section: '5.1.1', phrase: '该通行凭证有效期为7200秒，过期需重新获取' };

/** fail when the document is behind it (or --strict), note otherwise; error when nothing could be judged. */
function verdictOf(name: CheckName, basis: Basis, caseHasDoc: boolean, strict: boolean): Verdict {
  if (ERROR_CHECKS.has(name)) return 'error';
  return strict || (caseHasDoc && isDoc(basis)) ? 'fail' : 'note';
}

/** A fail outweighs an error (the case did judge something); then inconclusive, notes, pass. */
export function statusOf(checks: CheckResult[], inconclusive: string | undefined): CaseStatus {
  if (checks.some((k) => k.verdict === 'fail')) return 'failed';
  if (checks.some((k) => k.verdict === 'error')) return 'error';
  if (inconclusive !== undefined) return 'inconclusive';
  return checks.some((k) => k.verdict === 'note') ? 'noted' : 'passed';
}

/** Runs one case with its own context; its checks and requests become its result. Never throws. */
export async function runCase(session: Session, c: ContractCase): Promise<CaseResult> {
  const { options, spec } = session;
  const disabled = new Set(options.skip.flatMap(checksNamed));
  const started = performance.now();
  const checks: CheckResult[] = [];
  const exchanges: Exchange[] = [];
  let placeholder: string | undefined;
  let waited = 0;

  const record = (check: CheckResult): boolean => {
    if (!(check.name in CHECKS)) throw new Error(`check ${check.name} is not in the CHECKS catalogue (src/contract/checks.ts)`);
    if (disabled.has(check.name)) return check.ok;
    if (check.ok) {
      checks.push(check);
      return true;
    }
    const severity = check.severity ?? NOTE_SEVERITY[check.name];
    let verdict = verdictOf(check.name, check.basis, c.doc !== undefined, options.strict);
    if (verdict === 'note' && options.failOn === severity) verdict = 'fail';
    checks.push({ ...check, verdict, severity });
    return false;
  };
  const stopped = () => checks.some((k) => k.verdict === 'fail' || k.verdict === 'error');
  const lastIndex = () => (exchanges.length > 0 ? exchanges.length - 1 : undefined);
  const caseBasis = (basis?: Basis): Basis => {
    if (basis) return basis;
    if (c.doc) return { doc: c.doc };
    throw new Error(`contract case ${c.id} records a check without a basis and has no document passage`);
  };
  const noToken = () => new InconclusiveSignal(`no token: 5.1.1 (POST ${session.tokenOp.path}) did not issue one, see the token case`);

  /** Sends and keeps the exchange; the answer's own checks are recorded unless it is a prerequisite. */
  const exchange = async (operationId: string, params: Record<string, unknown>, label: string, rawBody: { contentType: string; text: string } | undefined, prerequisite: boolean): Promise<Exchange> => {
    const op = ctx.op(operationId);
    // Safe means safe: an operation that changes or consumes state never gets a token it could accept.
    if (options.mode === 'safe' && op.changesState && op.needsToken && session.tokens.has(params.token)) {
      throw new Error(`safe mode: case ${c.id} would send a valid token to ${operationId}, which changes state; it belongs in full mode`);
    }
    const ex = await session.send(operationId, label, params, rawBody, c.id);
    if (prerequisite) ex.prerequisite = true;
    exchanges.push(ex);
    const index = exchanges.length - 1;
    for (const check of session.responseChecks(ex)) {
      // A prerequisite's answer is judged by its own cases; here only a transport problem counts.
      if (!prerequisite || ERROR_CHECKS.has(check.name)) record({ ...check, exchange: index });
    }
    return ex;
  };

  /**
   * The run's token refused: sooner than 7200 s with no newer token issued is 5.1.1's breach. The
   * token is then renewed and the request sent again, as a client would. (A token a case fetched
   * for itself is that case's to judge.)
   */
  const afterTokenRefused = async (ex: Exchange, params: Record<string, unknown>, label: string, rawBody?: { contentType: string; text: string }): Promise<Exchange> => {
    const token = params.token;
    if (!session.tokens.has(token) || ctx.rspCode(ex) !== '500003') return ex;
    session.tokens.markRefused(token);
    if (!session.isSharedToken(token)) return ex;
    const age = session.tokens.ageSeconds(token);
    if (session.tokens.isNewest(token)) {
      record({
        name: 'token_lifetime',
        ok: age >= TOKEN_LIFETIME_S - LIFETIME_MARGIN_S,
        expected: `the token accepted for 7200 s after it was issued`,
        got: `refused with 500003 ${age} s after it was issued (no newer token was issued to the app meanwhile)`,
        cause: 'a token refused sooner than 7200 s after it was issued',
        basis: { doc: TOKEN_LIFETIME },
        exchange: exchanges.indexOf(ex),
      });
    }
    session.dropSharedToken();
    return exchange(ex.operationId, { ...params, token: await ctx.token() }, `${label} (token renewed)`, rawBody, false);
  };

  const ctx: CaseContext = {
    spec,
    mode: options.mode,
    isMock: session.isMock,
    appId: options.appId,
    appPassword: options.appPassword,
    runTag: session.runTag,
    control: session.control,
    pollSeconds: session.control ? 30 : options.pollSeconds,
    tokenAgeSeconds: options.tokenAgeSeconds,
    op(operationId) {
      const op = spec.byId.get(operationId);
      if (!op) throw new Error(`contract case ${c.id} names an operation that openapi.yaml lacks: ${operationId}`);
      return op;
    },
    token: async () => {
      const current = session.currentToken();
      if (current) return current;
      if (session.tokenFailure) throw noToken();
      const { ex, token } = await session.fetchToken('token');
      if (!token) {
        session.tokenFailure = ex;
        throw noToken();
      }
      return token;
    },
    runToken() {
      const token = session.currentToken();
      return token ? { token, ageSeconds: session.tokens.ageSeconds(token) } : undefined;
    },
    call: async (operationId, params, opts = {}) => {
      // Fail fast: the case ends at the first answer that broke a documented check (or could not come).
      if (stopped()) throw new StopSignal();
      const label = opts.label ?? operationId;
      let ex = await exchange(operationId, params, label, opts.rawBody, false);
      if (isTransportProblem(ex)) throw new StopSignal();
      if (operationId !== TOKEN_OPERATION) ex = await afterTokenRefused(ex, params, label, opts.rawBody);
      if (isTransportProblem(ex)) throw new StopSignal();
      return ex;
    },
    need: async (operationId, params, { label, purpose, accept = [] }) => {
      if (stopped()) throw new StopSignal();
      const ex = await exchange(operationId, params, label, undefined, true);
      if (isTransportProblem(ex)) throw new StopSignal();
      const broke = session.responseChecks(ex).some((k) => !k.ok && isDoc(k.basis));
      const code = ctx.rspCode(ex);
      if (broke || (code !== ctx.op(operationId).success.rspCode && !accept.includes(code ?? ''))) {
        throw new InconclusiveSignal(`${purpose}: ${operationId} answered ${code === undefined ? `HTTP ${ex.status}` : `rspCode ${code}`}${broke ? ' against the document' : ''} (its own cases judge that)`);
      }
      return ex;
    },
    shared: async <T>(key: string, compute: (ctx: CaseContext) => Promise<T>): Promise<T> => {
      let pending = session.memo.get(key) as Promise<T> | undefined;
      const mine = !pending;
      if (!pending) {
        pending = compute(ctx);
        session.memo.set(key, pending);
      }
      try {
        return await pending;
      } catch (err) {
        if (err instanceof InconclusiveSignal) throw new InconclusiveSignal(err.reason);
        // It stopped for the case that computed it (its own fail): the next case computes it anew.
        if (session.memo.get(key) === pending) session.memo.delete(key);
        if (mine) throw err;
        return ctx.shared(key, compute);
      }
    },
    placeholder(note) {
      placeholder = note;
    },
    check(name, ok, detail = {}, basis) {
      return record({ name, ok, ...detail, basis: caseBasis(basis), exchange: lastIndex() });
    },
    rspCode: (ex) => session.codeOf(ex),
    resultData(ex) {
      return (ex.json as { resultData?: unknown } | undefined)?.resultData;
    },
    inconclusive(reason) {
      throw new InconclusiveSignal(reason);
    },
    fail(name, detail, basis) {
      record({ name, ok: false, ...detail, basis: caseBasis(basis), exchange: lastIndex() });
      throw new StopSignal();
    },
    receivers: () => session.receivers(),
    wait: async (seconds) => {
      if (stopped()) throw new StopSignal();
      if (session.control) {
        // An hour of platform time: a message still sending by then is stuck.
        if (waited + seconds > 3600) return false;
        waited += seconds;
        session.clockMoved += seconds;
        await session.control.advanceClock(seconds);
        return true;
      }
      if (waited + seconds > options.flowTimeoutSeconds) return false;
      waited += seconds;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      return true;
    },
    moveClock: async (seconds) => {
      if (!session.control) return false;
      session.clockMoved += seconds;
      await session.control.advanceClock(seconds);
      return true;
    },
    targetNow: async () => (session.control ? ((await session.control.now()) ?? Date.now()) : Date.now()),
  };

  let reason: string | undefined;
  try {
    await c.run(ctx);
  } catch (err) {
    if (err instanceof InconclusiveSignal) reason = err.reason;
    else if (!(err instanceof StopSignal)) {
      record({ name: 'suite_error', ok: false, expected: 'the case to run to its end', got: `suite error: ${(err as Error)?.message ?? String(err)}`, cause: 'a suite error', basis: { doc: c.doc ?? DOC.json } });
    }
  }
  const status = statusOf(checks, reason);
  return {
    id: c.id,
    group: c.group,
    operationIds: c.operationIds,
    title: c.title,
    field: c.field,
    mode: c.mode,
    doc: c.doc,
    status,
    reason: status === 'inconclusive' ? (placeholder ? `${reason} (${placeholder})` : reason) : undefined,
    placeholder,
    checks,
    exchanges,
    ms: Math.round(performance.now() - started),
  };
}

import { loadSpec, type LoadedSpec, type OperationSpec } from '../spec/load.js';
import { ASSUME, DOC, isDoc } from './basis.js';
import { CHECKS, compileResponseValidators, createContractAjv, responseChecks, type OperationValidators } from './checks.js';
import { HttpClient, buildRequest } from './http.js';
import { ConfigError, DEFAULT_FOREIGN_RATE_LIMIT, type ContractOptions } from './options.js';
import { loadReceiversFile, receiversFromDirectory } from './receivers.js';
import { seededRandom } from './random.js';
import { Secrets } from './secrets.js';
import { UnreachableError, detectTarget, mockControl } from './target.js';
import {
  GROUPS,
  type Assumption,
  type AssumptionObservation,
  type Basis,
  type CaseContext,
  type CaseResult,
  type CaseStatus,
  type CheckResult,
  type ContractCase,
  type Exchange,
  type MockControl,
  type Receivers,
  type RunReport,
} from './types.js';

/** The operation the suite gets its token from: 5.1.1 as documented (POST, URL parameters). */
export const TOKEN_OPERATION = 'getThirdAPIToken';
/** The id of the case that reports a token step that did not work, when no token case was selected. */
export const SESSION_TOKEN_CASE = 'token/getThirdAPIToken/session-token';

class InconclusiveSignal {
  constructor(readonly reason: string) {}
}
class FailSignal {}

export interface RunHooks {
  /** Called as each case ends (progress output). */
  onCase?(result: CaseResult, index: number, of: ContractCase[]): void;
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
    const known = vocabulary.has(s) || cases.some((c) => matches(c, spec, s)) || (options.skip.includes(s) && s in CHECKS);
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
}

export interface RunOutput {
  report: RunReport;
  secrets: Secrets;
}

/** fail when the document is behind it (or --strict), note otherwise. */
function verdictOf(basis: Basis, caseHasDoc: boolean, strict: boolean): 'fail' | 'note' {
  return strict || (caseHasDoc && isDoc(basis)) ? 'fail' : 'note';
}

function statusOf(checks: CheckResult[], inconclusive: string | undefined): CaseStatus {
  if (checks.some((k) => k.verdict === 'fail')) return 'failed';
  if (inconclusive !== undefined) return 'inconclusive';
  return checks.some((k) => k.verdict === 'note') ? 'noted' : 'passed';
}

/** What every case of one run shares: the target, the HTTP client, the token, the receivers. */
class Session {
  readonly secrets: Secrets;
  readonly disabledChecks: Set<string>;
  readonly validators: Map<string, OperationValidators>;
  readonly tokenOp: OperationSpec;
  readonly random: () => number;
  readonly runTag: string;
  http!: HttpClient;
  control?: MockControl;
  isMock = false;
  fileReceivers?: Receivers;
  directory?: Receivers;
  /** The first token answer, when it gave no token: reported once, not in every case. */
  tokenFailure?: Exchange;
  private shared?: { value: string; fetchedAt: number; clockAt: number };
  /** Every token 5.1.1 issued to this run (what safe mode never sends to a state-changing operation). */
  private readonly issued = new Set<string>();
  /** Platform seconds the suite moved the mock's clock by, for token freshness. */
  clockMoved = 0;

  constructor(
    readonly options: ContractOptions,
    readonly spec: LoadedSpec,
  ) {
    this.secrets = new Secrets(options.appPassword, options.adminToken);
    this.disabledChecks = new Set(options.skip.filter((s) => s in CHECKS));
    this.validators = compileResponseValidators(createContractAjv(), spec);
    const tokenOp = spec.byId.get(TOKEN_OPERATION);
    if (!tokenOp) throw new Error(`openapi.yaml has no ${TOKEN_OPERATION} operation`);
    this.tokenOp = tokenOp;
    this.random = seededRandom(options.seed);
    this.runTag = `${Date.now().toString(36)}${Math.floor(this.random() * 36 ** 3).toString(36)}`;
  }

  /** Recognises the target, then fetches the run's token: exit-2 problems surface here. */
  async prepare(): Promise<void> {
    const { options } = this;
    this.isMock = (await detectTarget(options.baseUrl, options.timeoutMs, options.adminToken)).isMock;
    this.http = new HttpClient({ timeoutMs: options.timeoutMs, rateLimit: options.rateLimit ?? (this.isMock ? undefined : DEFAULT_FOREIGN_RATE_LIMIT) });
    this.control = this.isMock ? mockControl(options.baseUrl, options.timeoutMs, options.adminToken) : undefined;
    if (options.receiversFile) this.fileReceivers = loadReceiversFile(options.receiversFile);
    if (options.mode === 'full' && !this.isMock && !this.fileReceivers) {
      throw new ConfigError(
        `${options.baseUrl} 不是umc-mock：full 模式会真实发送消息，必须用 --receivers FILE 指定测试接收人（本工具从不自行编造接收人）。只想检查契约而不发送，请用 --mode safe。`,
      );
    }
    const { ex, token } = await this.fetchToken();
    if (ex.error) throw new UnreachableError(`无法连接被测部署 ${options.baseUrl}：${ex.error}`);
    if (ex.status === 404) throw new ConfigError(`${options.baseUrl}${this.tokenOp.path} 答复HTTP 404：这里没有统一消息中心平台接口，请检查 --base-url（应为接口域名，不含路径）`);
    const body = ex.json as { rspCode?: unknown; rspMsg?: unknown } | undefined;
    if (String(body?.rspCode) === '500002') {
      throw new ConfigError(`被测部署拒绝了应用凭证（500002 ${this.secrets.mask(String(body?.rspMsg ?? ''))}）：请检查 --app-id / --app-password`);
    }
    if (!token) this.tokenFailure = ex;
  }

  /** Sends one request; every token its answer carries is a secret before anything else reads it. */
  async send(operationId: string, label: string, params: Record<string, unknown>, rawBody?: { contentType: string; text: string }): Promise<Exchange> {
    const op = this.spec.byId.get(operationId)!;
    const ex = await this.http.send(operationId, label, buildRequest(this.options.baseUrl, op, params, rawBody));
    // 5.1.1 is the operation without a token: whatever its resultData holds is one.
    this.secrets.absorb(ex.json, !op.needsToken);
    const issued = (ex.json as { resultData?: { token?: unknown } } | undefined)?.resultData?.token;
    if (!op.needsToken && typeof issued === 'string') this.issued.add(issued);
    return ex;
  }

  async fetchToken(): Promise<{ ex: Exchange; token?: string }> {
    const { options, tokenOp } = this;
    const ex = await this.send(tokenOp.operationId, 'token', { appId: options.appId, appPassword: options.appPassword });
    const body = ex.json as { rspCode?: unknown; resultData?: { token?: unknown } } | undefined;
    const token = body?.rspCode === tokenOp.success.rspCode && typeof body.resultData?.token === 'string' && body.resultData.token !== '' ? body.resultData.token : undefined;
    if (token) {
      this.shared = { value: token, fetchedAt: performance.now(), clockAt: this.clockMoved };
    }
    return { ex, token };
  }

  isIssuedToken(value: unknown): boolean {
    return typeof value === 'string' && this.issued.has(value);
  }

  /** The run's token, unless it is an hour old (in platform time on the mock, real time elsewhere). */
  currentToken(): string | undefined {
    const s = this.shared;
    if (!s) return undefined;
    const stale = this.isMock ? this.clockMoved - s.clockAt > 3600 : performance.now() - s.fetchedAt > 3_600_000;
    return stale ? undefined : s.value;
  }

  async receivers(): Promise<Receivers> {
    if (this.fileReceivers) return this.fileReceivers;
    if (!this.directory) {
      const people = this.control ? await this.control.users() : undefined;
      this.directory = people ? receiversFromDirectory(people, this.options.appId) : { users: [], mobiles: [], sendChannel: 'Portal', source: 'none' };
    }
    return this.directory;
  }

  judge(ex: Exchange, record: (check: CheckResult) => void, index: number): void {
    for (const check of responseChecks(this.spec.byId.get(ex.operationId)!, ex, this.validators.get(ex.operationId)!)) record({ ...check, exchange: index });
  }

  /** Runs one case with its own context; its checks and requests become its result. */
  async runCase(c: ContractCase): Promise<CaseResult> {
    const { options, spec } = this;
    const started = performance.now();
    const checks: CheckResult[] = [];
    const exchanges: Exchange[] = [];
    let waited = 0;
    const record = (check: CheckResult) => {
      if (!(check.name in CHECKS)) throw new Error(`check ${check.name} is not in the CHECKS catalogue (src/contract/checks.ts)`);
      const judged = check.ok ? check : { ...check, verdict: verdictOf(check.basis, c.doc !== undefined, options.strict) };
      if (!this.disabledChecks.has(check.name)) checks.push(judged);
      return check.ok;
    };
    const lastIndex = () => (exchanges.length > 0 ? exchanges.length - 1 : undefined);
    const caseBasis = (basis?: Basis): Basis => {
      if (basis) return basis;
      if (c.doc) return { doc: c.doc };
      throw new Error(`contract case ${c.id} records a check without a basis and has no document passage`);
    };
    const ctx: CaseContext = {
      spec,
      mode: options.mode,
      isMock: this.isMock,
      appId: options.appId,
      appPassword: options.appPassword,
      runTag: this.runTag,
      control: this.control,
      pollSeconds: this.control ? 30 : options.pollSeconds,
      op(operationId) {
        const op = spec.byId.get(operationId);
        if (!op) throw new Error(`contract case ${c.id} names an operation that openapi.yaml lacks: ${operationId}`);
        return op;
      },
      token: async () => {
        const current = this.currentToken();
        if (current) return current;
        if (this.tokenFailure) ctx.inconclusive(`no token: 5.1.1 (POST ${this.tokenOp.path}) did not issue one, see the token case`);
        const { ex, token } = await this.fetchToken();
        if (!token) {
          this.tokenFailure = ex;
          ctx.inconclusive(`no token: 5.1.1 (POST ${this.tokenOp.path}) did not issue one, see the token case`);
        }
        return token;
      },
      call: async (operationId, params, opts = {}) => {
        const op = ctx.op(operationId);
        // Safe means safe: an operation that changes or consumes state never gets a token it could accept.
        if (options.mode === 'safe' && op.changesState && op.needsToken && this.isIssuedToken(params.token)) {
          throw new Error(`safe mode: case ${c.id} would send a valid token to ${operationId}, which changes state; it belongs in full mode`);
        }
        const ex = await this.send(operationId, opts.label ?? operationId, params, opts.rawBody);
        exchanges.push(ex);
        this.judge(ex, record, exchanges.length - 1);
        if (ex.error) throw new FailSignal();
        return ex;
      },
      check(name, ok, detail = {}, basis) {
        return record({ name, ok, ...detail, basis: caseBasis(basis), exchange: lastIndex() });
      },
      rspCode(ex) {
        const code = (ex.json as { rspCode?: unknown } | undefined)?.rspCode;
        return code === undefined || code === null ? undefined : String(code);
      },
      resultData(ex) {
        return (ex.json as { resultData?: unknown } | undefined)?.resultData;
      },
      inconclusive(reason) {
        throw new InconclusiveSignal(reason);
      },
      fail(name, detail, basis) {
        record({ name, ok: false, ...detail, basis: caseBasis(basis), exchange: lastIndex() });
        throw new FailSignal();
      },
      receivers: () => this.receivers(),
      wait: async (seconds) => {
        if (this.control) {
          // An hour of platform time: a message still sending by then is stuck.
          if (waited + seconds > 3600) return false;
          waited += seconds;
          this.clockMoved += seconds;
          await this.control.advanceClock(seconds);
          return true;
        }
        if (waited + seconds > options.flowTimeoutSeconds) return false;
        waited += seconds;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        return true;
      },
      targetNow: async () => (this.control ? ((await this.control.now()) ?? Date.now()) : Date.now()),
    };

    let reason: string | undefined;
    try {
      await c.run(ctx);
    } catch (err) {
      if (err instanceof InconclusiveSignal) reason = err.reason;
      else if (!(err instanceof FailSignal)) {
        record({ name: 'flow_step', ok: false, expected: 'the case to run to its end', got: `suite error: ${(err as Error)?.message ?? String(err)}`, basis: { doc: c.doc ?? DOC.json } });
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
      reason: status === 'inconclusive' ? reason : undefined,
      checks,
      exchanges,
      ms: Math.round(performance.now() - started),
    };
  }

  /** The token step that gave no token, as one failed case (when no selected case shows it already). */
  tokenFailureResult(): CaseResult {
    const ex = this.tokenFailure!;
    const checks: CheckResult[] = [];
    const record = (check: CheckResult) => checks.push(check.ok ? check : { ...check, verdict: verdictOf(check.basis, true, this.options.strict) });
    this.judge(ex, record, 0);
    record({ name: 'positive_data_acceptance', ok: false, expected: `rspCode ${this.tokenOp.success.rspCode} with resultData.token`, got: `rspCode ${String((ex.json as { rspCode?: unknown } | undefined)?.rspCode)}`, basis: { doc: DOC.tokenIssued }, exchange: 0 });
    return {
      id: SESSION_TOKEN_CASE,
      group: 'token',
      operationIds: [this.tokenOp.operationId],
      title: "POST with the app's credentials issues the token every other case needs",
      mode: 'safe',
      doc: DOC.tokenIssued,
      status: 'failed',
      checks,
      exchanges: [ex],
      ms: ex.ms,
    };
  }
}

/** Each assumption the run could observe: confirmed, contradicted (with what came back) or not observed. */
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
      const o = entry(check.basis.assumption);
      o.observed++;
      if (!check.ok) o.contradictions.push({ case: r.id, check: check.name, expected: check.expected, got: check.got });
    }
  }
  for (const o of byId.values()) o.status = o.contradictions.length > 0 ? 'contradicted' : o.observed > 0 ? 'confirmed' : 'not observed';
  return [...byId.values()];
}

/**
 * Runs the selected cases against the target, one after the other. Throws ConfigError or
 * UnreachableError (exit 2) before any case when the configuration or the target is unusable.
 */
export async function runContract({ options, cases, spec = loadSpec(), hooks }: RunInput): Promise<RunOutput> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const selected = selectCases(cases, spec, options);
  const session = new Session(options, spec);
  await session.prepare();

  const results: CaseResult[] = [];
  if (session.tokenFailure && !selected.some((c) => c.id === `token/${TOKEN_OPERATION}/issues-token`)) results.push(session.tokenFailureResult());
  for (const [i, c] of selected.entries()) {
    const result = await session.runCase(c);
    results.push(result);
    hooks?.onCase?.(result, i, selected);
  }
  const counts = { passed: 0, failed: 0, noted: 0, inconclusive: 0, error: 0, total: results.length };
  for (const r of results) counts[r.status]++;
  return {
    secrets: session.secrets,
    report: {
      target: options.baseUrl,
      isMock: session.isMock,
      mode: options.mode,
      strict: options.strict,
      seed: options.seed,
      startedAt,
      ms: Math.round(performance.now() - started),
      results,
      counts,
      notesBySeverity: { 'client-visible': 0, wording: 0 },
      causes: [],
      security: [],
      receiversSource: session.fileReceivers?.source ?? session.directory?.source,
      assumptions: assumptionReport(results, selected),
    },
  };
}

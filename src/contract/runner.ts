import { loadSpec, type LoadedSpec, type OperationSpec } from '../spec/load.js';
import { createAjv } from '../spec/validate.js';
import { CHECKS, compileResponseValidators, responseChecks } from './checks.js';
import { HttpClient, buildRequest } from './http.js';
import { ConfigError, DEFAULT_FOREIGN_RATE_LIMIT, type ContractOptions } from './options.js';
import { loadReceiversFile, receiversFromDirectory } from './receivers.js';
import { seededRandom } from './random.js';
import { Secrets } from './secrets.js';
import { UnreachableError, detectTarget, mockControl } from './target.js';
import { GROUPS, type CaseContext, type CaseResult, type CheckResult, type ContractCase, type Exchange, type MockControl, type Receivers, type RunReport } from './types.js';

/** The reason every not-implemented answer of the mock is reported with. */
export const NOT_IMPLEMENTED_REASON = 'target does not implement this operation yet';

class SkipSignal {
  constructor(readonly reason: string) {}
}
class FailSignal {}

/** The mock's own answer for an operation a later issue implements (never a pass). */
function isMockNotImplemented(ex: Exchange): boolean {
  const body = ex.json as { rspCode?: unknown; rspMsg?: unknown } | undefined;
  return body?.rspCode === '999999' && typeof body.rspMsg === 'string' && body.rspMsg.includes('尚未实现');
}

export interface RunHooks {
  /** Called as each case ends (progress output). */
  onCase?(result: CaseResult): void;
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

/** What every case of one run shares: the target, the HTTP client, the token, the receivers. */
class Session {
  readonly secrets: Secrets;
  readonly disabledChecks: Set<string>;
  readonly validators;
  readonly tokenOp: OperationSpec;
  readonly random: () => number;
  readonly runTag: string;
  http!: HttpClient;
  control?: MockControl;
  isMock = false;
  fileReceivers?: Receivers;
  directory?: Receivers;
  private shared?: { value: string; fetchedAt: number; clockAt: number };
  /** Platform seconds the suite moved the mock's clock by, for token freshness. */
  clockMoved = 0;

  constructor(
    readonly options: ContractOptions,
    readonly spec: LoadedSpec,
  ) {
    this.secrets = new Secrets(options.appPassword);
    this.disabledChecks = new Set(options.skip.filter((s) => s in CHECKS));
    this.validators = compileResponseValidators(createAjv(), spec);
    this.tokenOp = spec.byId.get('getThirdAPITokenByGet') ?? spec.operations.find((o) => o.tags.includes('token'))!;
    this.random = seededRandom(options.seed);
    this.runTag = `${Date.now().toString(36)}${Math.floor(this.random() * 36 ** 3).toString(36)}`;
  }

  /** Recognises the target, then checks that this app gets a token: exit-2 problems surface here. */
  async prepare(): Promise<void> {
    const { options } = this;
    this.isMock = (await detectTarget(options.baseUrl, options.timeoutMs)).isMock;
    this.http = new HttpClient({ timeoutMs: options.timeoutMs, rateLimit: options.rateLimit ?? (this.isMock ? undefined : DEFAULT_FOREIGN_RATE_LIMIT) });
    this.control = this.isMock ? mockControl(options.baseUrl, options.timeoutMs) : undefined;
    if (options.receiversFile) this.fileReceivers = loadReceiversFile(options.receiversFile);
    if (options.mode === 'full' && !this.isMock && !this.fileReceivers) {
      throw new ConfigError(
        `${options.baseUrl} 不是umc-mock：full 模式会真实发送消息，必须用 --receivers FILE 指定测试接收人（本工具从不自行编造接收人）。只想检查契约而不发送，请用 --mode safe。`,
      );
    }
    const { ex } = await this.fetchToken();
    if (ex.error) throw new UnreachableError(`无法连接被测部署 ${options.baseUrl}：${ex.error}`);
    if (ex.status === 404) throw new ConfigError(`${options.baseUrl}${this.tokenOp.path} 答复HTTP 404：这里没有统一消息中心平台接口，请检查 --base-url（应为接口域名，不含路径）`);
    const body = ex.json as { rspCode?: unknown; rspMsg?: unknown } | undefined;
    if (body?.rspCode === '500002') {
      throw new ConfigError(`被测部署拒绝了应用凭证（500002 ${this.secrets.mask(String(body.rspMsg ?? ''))}）：请检查 --app-id / --app-password`);
    }
  }

  async fetchToken(): Promise<{ ex: Exchange; token?: string }> {
    const { options, tokenOp } = this;
    const ex = await this.http.send(tokenOp.operationId, 'token', buildRequest(options.baseUrl, tokenOp, { appId: options.appId, appPassword: options.appPassword }));
    const body = ex.json as { rspCode?: unknown; resultData?: { token?: unknown } } | undefined;
    const token = body?.rspCode === tokenOp.success.rspCode && typeof body.resultData?.token === 'string' ? body.resultData.token : undefined;
    if (token) {
      this.secrets.add(token, 'UMC_TOKEN');
      this.shared = { value: token, fetchedAt: performance.now(), clockAt: this.clockMoved };
    }
    return { ex, token };
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

  /** Runs one case with its own context; its checks and requests become its result. */
  async runCase(c: ContractCase): Promise<CaseResult> {
    const { options, spec, secrets } = this;
    const started = performance.now();
    const checks: CheckResult[] = [];
    const exchanges: Exchange[] = [];
    let waited = 0;
    const record = (check: CheckResult) => {
      if (!(check.name in CHECKS)) throw new Error(`check ${check.name} is not in the CHECKS catalogue (src/contract/checks.ts)`);
      if (!this.disabledChecks.has(check.name)) checks.push(check);
      return check.ok;
    };
    const lastIndex = () => (exchanges.length > 0 ? exchanges.length - 1 : undefined);
    const judge = (ex: Exchange) => {
      exchanges.push(ex);
      const index = exchanges.length - 1;
      for (const check of responseChecks(spec.byId.get(ex.operationId)!, ex, this.validators.get(ex.operationId)!)) record({ ...check, exchange: index });
    };
    const ctx: CaseContext = {
      spec,
      mode: options.mode,
      isMock: this.isMock,
      appId: options.appId,
      appPassword: options.appPassword,
      runTag: this.runTag,
      control: this.control,
      op(operationId) {
        const op = spec.byId.get(operationId);
        if (!op) throw new Error(`contract case ${c.id} names an operation that openapi.yaml lacks: ${operationId}`);
        return op;
      },
      token: async () => {
        const current = this.currentToken();
        if (current) return current;
        const { ex, token } = await this.fetchToken();
        judge(ex);
        return token ?? ctx.fail('positive_data_acceptance', { expected: 'a token for --app-id/--app-password', got: ex.text ?? ex.error });
      },
      call: async (operationId, params, opts = {}) => {
        const op = ctx.op(operationId);
        const ex = await this.http.send(operationId, opts.label ?? operationId, buildRequest(options.baseUrl, op, params));
        // Every token the target issues is a secret from now on, wherever it came from.
        const issued = (ex.json as { resultData?: { token?: unknown } } | undefined)?.resultData?.token;
        if (typeof issued === 'string') secrets.add(issued, 'UMC_TOKEN');
        judge(ex);
        if (ex.error) throw new FailSignal();
        if (this.isMock && isMockNotImplemented(ex)) throw new SkipSignal(NOT_IMPLEMENTED_REASON);
        return ex;
      },
      check(name, ok, detail = {}) {
        return record({ name, ok, ...detail, exchange: lastIndex() });
      },
      rspCode(ex) {
        const code = (ex.json as { rspCode?: unknown } | undefined)?.rspCode;
        return code === undefined || code === null ? undefined : String(code);
      },
      resultData(ex) {
        return (ex.json as { resultData?: unknown } | undefined)?.resultData;
      },
      skip(reason) {
        throw new SkipSignal(reason);
      },
      fail(name, detail) {
        record({ name, ok: false, ...detail, exchange: lastIndex() });
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
    };

    let skipReason: string | undefined;
    try {
      await c.run(ctx);
    } catch (err) {
      if (err instanceof SkipSignal) skipReason = err.reason;
      else if (!(err instanceof FailSignal)) {
        record({ name: 'flow_step', ok: false, expected: 'the case to run to its end', got: `suite error: ${(err as Error)?.message ?? String(err)}` });
      }
    }
    const failed = checks.some((k) => !k.ok);
    return {
      id: c.id,
      group: c.group,
      operationIds: c.operationIds,
      title: c.title,
      field: c.field,
      status: failed ? 'failed' : skipReason ? 'skipped' : 'passed',
      skipReason: failed ? undefined : skipReason,
      checks,
      exchanges,
      ms: Math.round(performance.now() - started),
    };
  }
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
  for (const c of selected) {
    const result = await session.runCase(c);
    results.push(result);
    hooks?.onCase?.(result);
  }
  const counts = { passed: 0, failed: 0, skipped: 0, total: results.length };
  for (const r of results) counts[r.status]++;
  return {
    secrets: session.secrets,
    report: {
      target: options.baseUrl,
      isMock: session.isMock,
      mode: options.mode,
      seed: options.seed,
      startedAt,
      ms: Math.round(performance.now() - started),
      results,
      counts,
      receiversSource: session.fileReceivers?.source ?? session.directory?.source,
    },
  };
}

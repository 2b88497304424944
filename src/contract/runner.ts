import { loadSpec, type LoadedSpec } from '../spec/load.js';
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

/**
 * Runs the selected cases against the target, one after the other. Throws ConfigError or
 * UnreachableError (exit 2) before any case when the configuration or the target is unusable.
 */
export async function runContract({ options, cases, spec = loadSpec(), hooks }: RunInput): Promise<RunOutput> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const secrets = new Secrets(options.appPassword);
  const selected = selectCases(cases, spec, options);
  const disabledChecks = new Set(options.skip.filter((s) => s in CHECKS));

  const target = await detectTarget(options.baseUrl, options.timeoutMs);
  const http = new HttpClient({ timeoutMs: options.timeoutMs, rateLimit: options.rateLimit ?? (target.isMock ? undefined : DEFAULT_FOREIGN_RATE_LIMIT) });
  const control = target.isMock ? mockControl(options.baseUrl, options.timeoutMs) : undefined;

  let fileReceivers: Receivers | undefined;
  if (options.receiversFile) fileReceivers = loadReceiversFile(options.receiversFile);
  if (options.mode === 'full' && !target.isMock && !fileReceivers) {
    throw new ConfigError(
      `${options.baseUrl} 不是umc-mock：full 模式会真实发送消息，必须用 --receivers FILE 指定测试接收人（本工具从不自行编造接收人）。只想检查契约而不发送，请用 --mode safe。`,
    );
  }

  const ajv = createAjv();
  const validators = compileResponseValidators(ajv, spec);
  const tokenOp = spec.byId.get('getThirdAPITokenByGet') ?? spec.operations.find((o) => o.tags.includes('token'))!;

  // Preflight: can this app get a token at all? Wrong credentials are a configuration error.
  let sharedToken: { value: string; fetchedAt: number; clockAt: number } | undefined;
  let clockMoved = 0;
  const fetchToken = async (): Promise<{ ex: Exchange; token?: string }> => {
    const ex = await http.send(tokenOp.operationId, 'token', buildRequest(options.baseUrl, tokenOp, { appId: options.appId, appPassword: options.appPassword }));
    const body = ex.json as { rspCode?: unknown; resultData?: { token?: unknown } } | undefined;
    const token = body?.rspCode === tokenOp.success.rspCode && typeof body.resultData?.token === 'string' ? body.resultData.token : undefined;
    if (token) {
      secrets.add(token, 'UMC_TOKEN');
      sharedToken = { value: token, fetchedAt: performance.now(), clockAt: clockMoved };
    }
    return { ex, token };
  };
  {
    const { ex } = await fetchToken();
    if (ex.error) throw new UnreachableError(`无法连接被测部署 ${options.baseUrl}：${ex.error}`);
    if (ex.status === 404) throw new ConfigError(`${options.baseUrl}${tokenOp.path} 答复HTTP 404：这里没有统一消息中心平台接口，请检查 --base-url（应为接口域名，不含路径）`);
    const code = (ex.json as { rspCode?: unknown } | undefined)?.rspCode;
    if (code === '500002') {
      throw new ConfigError(`被测部署拒绝了应用凭证（500002 ${secrets.mask(String((ex.json as { rspMsg?: unknown }).rspMsg ?? ''))}）：请检查 --app-id / --app-password`);
    }
  }

  let directory: Receivers | undefined;
  const receivers = async (): Promise<Receivers> => {
    if (fileReceivers) return fileReceivers;
    if (!directory) {
      const people = control ? await control.users() : undefined;
      directory = people ? receiversFromDirectory(people) : { users: [], mobiles: [], sendChannel: 'Portal', source: 'none' };
    }
    return directory;
  };

  const random = seededRandom(options.seed);
  const runTag = `${Date.now().toString(36)}${Math.floor(random() * 36 ** 3).toString(36)}`;
  const results: CaseResult[] = [];

  for (const c of selected) {
    const caseStarted = performance.now();
    const checks: CheckResult[] = [];
    const exchanges: Exchange[] = [];
    let waited = 0;
    const record = (check: CheckResult) => {
      if (!(check.name in CHECKS)) throw new Error(`check ${check.name} is not in the CHECKS catalogue (src/contract/checks.ts)`);
      if (!disabledChecks.has(check.name)) checks.push(check);
      return check.ok;
    };
    const ctx: CaseContext = {
      spec,
      mode: options.mode,
      isMock: target.isMock,
      appId: options.appId,
      appPassword: options.appPassword,
      random,
      runTag,
      control: control as MockControl | undefined,
      op(operationId) {
        const op = spec.byId.get(operationId);
        if (!op) throw new Error(`contract case ${c.id} names an operation that openapi.yaml lacks: ${operationId}`);
        return op;
      },
      async token() {
        const stale =
          !sharedToken ||
          (target.isMock ? clockMoved - sharedToken.clockAt > 3600 : performance.now() - sharedToken.fetchedAt > 3_600_000);
        if (stale) {
          const { ex, token } = await fetchToken();
          exchanges.push({ ...ex, label: 'token' });
          for (const check of responseChecks(tokenOp, ex, validators.get(tokenOp.operationId)!)) record({ ...check, exchange: exchanges.length - 1 });
          if (!token) ctx.fail('positive_data_acceptance', { expected: 'a token for --app-id/--app-password', got: ex.text ?? ex.error });
        }
        return sharedToken!.value;
      },
      async call(operationId, params, opts = {}) {
        const op = ctx.op(operationId);
        const ex = await http.send(operationId, opts.label ?? operationId, buildRequest(options.baseUrl, op, params));
        // Every token the target issues is a secret from now on, wherever it came from.
        const issued = (ex.json as { resultData?: { token?: unknown } } | undefined)?.resultData?.token;
        if (typeof issued === 'string') secrets.add(issued, 'UMC_TOKEN');
        exchanges.push(ex);
        const index = exchanges.length - 1;
        for (const check of responseChecks(op, ex, validators.get(operationId)!)) record({ ...check, exchange: index });
        if (ex.error) throw new FailSignal();
        if (target.isMock && isMockNotImplemented(ex)) throw new SkipSignal(NOT_IMPLEMENTED_REASON);
        return ex;
      },
      check(name, ok, detail = {}) {
        return record({ name, ok, ...detail, exchange: exchanges.length > 0 ? exchanges.length - 1 : undefined });
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
        record({ name, ok: false, ...detail, exchange: exchanges.length > 0 ? exchanges.length - 1 : undefined });
        throw new FailSignal();
      },
      receivers,
      async wait(seconds) {
        if (control) {
          // An hour of platform time: a message still sending by then is stuck.
          if (waited + seconds > 3600) return false;
          waited += seconds;
          clockMoved += seconds;
          await control.advanceClock(seconds);
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
        record({ name: 'flow_step', ok: false, expected: 'the case to run to its end', got: `suite error: ${(err as Error).message ?? String(err)}` });
      }
    }
    const failed = checks.some((k) => !k.ok);
    const result: CaseResult = {
      id: c.id,
      group: c.group,
      operationIds: c.operationIds,
      title: c.title,
      field: c.field,
      status: failed ? 'failed' : skipReason ? 'skipped' : 'passed',
      skipReason: failed ? undefined : skipReason,
      checks,
      exchanges,
      ms: Math.round(performance.now() - caseStarted),
    };
    results.push(result);
    hooks?.onCase?.(result);
  }

  const counts = { passed: 0, failed: 0, skipped: 0, total: results.length };
  for (const r of results) counts[r.status]++;
  return {
    secrets,
    report: {
      target: options.baseUrl,
      isMock: target.isMock,
      mode: options.mode,
      seed: options.seed,
      startedAt,
      ms: Math.round(performance.now() - started),
      results,
      counts,
      receiversSource: fileReceivers?.source ?? directory?.source,
    },
  };
}

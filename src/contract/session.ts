import type { LoadedSpec, OperationSpec } from '../spec/load.js';
import { compileResponseValidators, createContractAjv, responseChecks, rspCodeText, type OperationValidators } from './checks.js';
import { findEchoes } from './echo.js';
import { HttpClient, buildRequest } from './http.js';
import { ConfigError, DEFAULT_FOREIGN_RATE_LIMIT, type ContractOptions } from './options.js';
import { checkTargetIsTheApi } from './preflight.js';
import { loadReceiversFile, receiversFromDirectory } from './receivers.js';
import { seededRandom } from './random.js';
import { Secrets } from './secrets.js';
import { mockControlAt } from './target.js';
import { TokenLedger } from './token-ledger.js';
import type { CheckResult, Exchange, MockControl, Receivers, SecurityFinding } from './types.js';

/** The operation the suite gets its token from: 5.1.1 as documented (POST, URL parameters). */
export const TOKEN_OPERATION = 'getThirdAPIToken';

/** What every case of one run shares: the target, the HTTP client, the tokens, the receivers, the lookups done once. */
export class Session {
  readonly secrets: Secrets;
  readonly validators: Map<string, OperationValidators>;
  readonly tokenOp: OperationSpec;
  readonly random: () => number;
  readonly runTag: string;
  readonly tokens: TokenLedger;
  readonly security: SecurityFinding[] = [];
  /** Lookups every case may share (ctx.shared), by key. */
  readonly memo = new Map<string, Promise<unknown>>();
  http!: HttpClient;
  control?: MockControl;
  isMock = false;
  fileReceivers?: Receivers;
  directory?: Receivers;
  /** The first token answer, when it gave no token: reported once, not in every case. */
  tokenFailure?: Exchange;
  private shared?: string;
  /** Platform seconds the suite moved the mock's clock by. */
  clockMoved = 0;

  constructor(
    readonly options: ContractOptions,
    readonly spec: LoadedSpec,
  ) {
    this.secrets = new Secrets(options.appPassword, options.adminToken);
    this.validators = compileResponseValidators(createContractAjv(), spec);
    const tokenOp = spec.byId.get(TOKEN_OPERATION);
    if (!tokenOp) throw new Error(`openapi.yaml has no ${TOKEN_OPERATION} operation`);
    this.tokenOp = tokenOp;
    this.random = seededRandom(options.seed);
    this.runTag = `${Date.now().toString(36)}${Math.floor(this.random() * 36 ** 3).toString(36)}`;
    this.tokens = new TokenLedger(() => this.clockMoved);
  }

  /** Recognises the target, checks it is this API, fetches the run's token: exit-2 problems surface here. */
  async prepare(): Promise<void> {
    const { options } = this;
    this.control = await mockControlAt(options.baseUrl, options.timeoutMs, options.adminToken);
    this.isMock = this.control !== undefined;
    this.http = new HttpClient({ timeoutMs: options.timeoutMs, retries: options.retries, rateLimit: options.rateLimit ?? (this.isMock ? undefined : DEFAULT_FOREIGN_RATE_LIMIT) });
    if (options.receiversFile) this.fileReceivers = loadReceiversFile(options.receiversFile);
    if (options.mode === 'full' && !this.isMock && !this.fileReceivers) {
      throw new ConfigError(
        `${options.baseUrl} 不是umc-mock：full 模式会真实发送消息，必须用 --receivers FILE 指定测试接收人（本工具从不自行编造接收人）。只想检查契约而不发送，请用 --mode safe。`,
      );
    }
    const { ex, token } = await this.fetchToken('token');
    await checkTargetIsTheApi(options.baseUrl, ex, () => this.send('getProgress', 'pre-flight', {}), (text) => this.secrets.mask(text));
    const body = ex.json as { rspCode?: unknown; rspMsg?: unknown } | undefined;
    if (this.codeOf(ex) === '500002') {
      throw new ConfigError(`被测部署拒绝了应用凭证（500002 ${this.secrets.mask(String(body?.rspMsg ?? ''))}）：请检查 --app-id / --app-password`);
    }
    if (!token) this.tokenFailure = ex;
  }

  /** The business code of an answer as the documented code it stands for (a numeric 0 reads "000000"). */
  codeOf(ex: Exchange): string | undefined {
    return rspCodeText((ex.json as { rspCode?: unknown } | undefined)?.rspCode, this.validators.get(ex.operationId)?.allowedCodes ?? new Set());
  }

  /**
   * Sends one request. Before anything reads the answer: an echoed secret becomes a security
   * finding, every token it carries becomes a secret, and a token 5.1.1 issued enters the ledger.
   */
  async send(operationId: string, label: string, params: Record<string, unknown>, rawBody?: { contentType: string; text: string }, caseId = "the run's own requests (token, pre-flight)"): Promise<Exchange> {
    const op = this.spec.byId.get(operationId)!;
    const ex = await this.http.send(operationId, label, buildRequest(this.options.baseUrl, op, params, rawBody));
    for (const finding of findEchoes(ex, { appPassword: this.options.appPassword, liveTokens: this.tokens.live() }, op.needsToken ? undefined : 'resultData.token')) {
      const known = this.security.some((f) => f.operation === finding.operation && f.where === finding.where && f.secret === finding.secret);
      if (!known) this.security.push({ case: caseId, ...finding });
    }
    // 5.1.1 is the operation without a token: whatever its resultData holds is one.
    this.secrets.absorb(ex.json, !op.needsToken);
    const issued = (ex.json as { resultData?: { token?: unknown } } | undefined)?.resultData?.token;
    if (!op.needsToken && typeof issued === 'string' && issued !== '' && this.codeOf(ex) === op.success.rspCode) this.tokens.record(issued);
    return ex;
  }

  /** A token for the run, by POST as 5.1.1 documents it. */
  async fetchToken(label: string): Promise<{ ex: Exchange; token?: string }> {
    const { options, tokenOp } = this;
    const ex = await this.send(tokenOp.operationId, label, { appId: options.appId, appPassword: options.appPassword });
    const token = (ex.json as { resultData?: { token?: unknown } } | undefined)?.resultData?.token;
    const ok = this.codeOf(ex) === tokenOp.success.rspCode && typeof token === 'string' && token !== '';
    if (ok) this.shared = token;
    return { ex, token: ok ? token : undefined };
  }

  /** The run's token, unless it is an hour old (in platform time on the mock, real time elsewhere). */
  currentToken(): string | undefined {
    return this.shared && this.tokens.ageSeconds(this.shared) <= 3600 ? this.shared : undefined;
  }

  isSharedToken(token: unknown): boolean {
    return token !== undefined && token === this.shared;
  }

  /** The target refused the run's token: the next case fetches a new one. */
  dropSharedToken(): void {
    this.shared = undefined;
  }

  /**
   * After the token cases: the run continues with the newest token, so that a refusal of it can be
   * judged (no newer token was issued meanwhile).
   */
  async renewIfSuperseded(): Promise<void> {
    if (this.tokenFailure || !this.shared || this.tokens.isNewest(this.shared)) return;
    const previous = this.shared;
    const { token } = await this.fetchToken('token');
    if (!token) this.shared = previous;
  }

  async receivers(): Promise<Receivers> {
    if (this.fileReceivers) return this.fileReceivers;
    if (!this.directory) {
      const people = this.control ? await this.control.users() : undefined;
      this.directory = people ? receiversFromDirectory(people, this.options.appId) : { users: [], mobiles: [], sendChannel: 'Portal', source: 'none' };
    }
    return this.directory;
  }

  /** The checks every answer gets. */
  responseChecks(ex: Exchange): CheckResult[] {
    return responseChecks(this.spec.byId.get(ex.operationId)!, ex, this.validators.get(ex.operationId)!);
  }
}

import { isRspCode, RSP_CODES } from '../domain/codes.js';
import { UmcError } from '../domain/errors.js';
import type { App } from '../domain/apps.js';
import type { Platform } from '../domain/platform.js';
import { loadControlSpec, type ControlSpec } from '../spec/control-spec.js';
import type { DeploymentChoices } from '../spec/deployment-choices.js';
import { loadSpec, type LoadedSpec, type OperationSpec } from '../spec/load.js';
import { paramValidators, type ParamValidator } from '../spec/param-validators.js';
import type { Params, ValidationIssue, ValidationResult } from '../spec/validate.js';
import { DataFileError } from '../store/data-files.js';
import { Journal } from '../store/journal.js';
import { LogLineError, type Command, type CommandReplay } from '../store/state-file.js';
import { API_OPERATIONS, STEPPED_OPERATIONS, type OperationContext } from './api-operations.js';
import type { ApiCall } from './call-record.js';
import { ControlError, controlErrorOf } from './control-error.js';
import { controlOperations } from './control/operations.js';
import type { ControlHandlers, ControlInput } from './control/types.js';
import { JSON_CONTENT_TYPE, envelope, methodNotAllowedPage, servletError, type Answer } from './envelope.js';
import { EventBus, feedJournalToBus } from './events.js';
import { FaultRegistry, type FaultAction } from './faults.js';
import { actionTargets, changedMessage } from './event-targets.js';
import type { Persistence } from './persistence.js';
import { PRECHECKS } from './prechecks.js';
import { redactText, withoutSecrets } from './redact.js';
import { withHint, type Refusal } from './refusal.js';

/** Who called and how, as the transport saw it. */
export interface CallMeta {
  method: string;
  /** The path as called, without the query. */
  path: string;
  callerIp: string;
  /** performance.now() when the request arrived: the journal's duration runs from there. */
  startedAt: number;
  /** Appended to a validation failure's rspMsg (e.g. a body the servlet does not read). */
  hint?: string;
}

/** A control-plane call before control-plane.yaml's rules are applied. */
export type RawControlInput = Omit<ControlInput, 'query'> & { query: Record<string, unknown> };

/** What a control-plane call answers: JSON and an HTTP status (200, or the refusal's). */
export interface ControlAnswer {
  status: number;
  body: unknown;
}

export interface MockCoreOptions {
  platform: Platform;
  spec?: LoadedSpec;
  controlSpec?: ControlSpec;
  journal?: Journal;
  faults?: FaultRegistry;
  events?: EventBus;
  /** --data: changes are made durable before they are acknowledged. */
  persistence?: Persistence;
  /** Where an unexpected error is told (never a secret in it). */
  logError?: (fields: Record<string, unknown>, message: string) => void;
  /** --profile: answer as the profiled deployment did where the document leaves the choice open. */
  profile?: DeploymentChoices;
}

/** Lets the event loop run whatever is due (I/O, timers) before the next step. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The mock without a transport: the platform, the journal, the faults, the event bus and
 * persistence, behind one call per API operation (`call`) and one per control-plane operation
 * (`control`, dispatching to `operations`, keyed by control-plane.yaml's operationIds). An HTTP
 * adapter reads requests into these calls and writes their answers; --data replays through them.
 */
export class MockCore implements CommandReplay {
  readonly platform: Platform;
  readonly spec: LoadedSpec;
  readonly controlSpec: ControlSpec;
  readonly journal: Journal;
  readonly faults: FaultRegistry;
  readonly events: EventBus;
  /** One handler per control-plane operation, named by its operationId. */
  readonly operations: ControlHandlers;
  readonly persistence: Persistence | undefined;
  readonly profile: DeploymentChoices | undefined;
  private readonly validatorOf: (op: OperationSpec) => ParamValidator;
  /** Set while an operation runs in turns: what changes wait for. */
  private changesWait: Promise<void> | undefined;
  /** Where an unexpected error is told (the transport points it at its logger). */
  logError: NonNullable<MockCoreOptions['logError']>;

  constructor(options: MockCoreOptions) {
    this.platform = options.platform;
    this.spec = options.spec ?? loadSpec();
    this.controlSpec = options.controlSpec ?? loadControlSpec();
    this.journal = options.journal ?? new Journal();
    this.faults = options.faults ?? new FaultRegistry();
    this.faults.reset(this.platform.scenarioFaults);
    this.events = options.events ?? new EventBus(this.platform);
    feedJournalToBus(this.events, this.journal);
    this.persistence = options.persistence;
    this.profile = options.profile;
    this.logError = options.logError ?? (() => {});
    this.validatorOf = paramValidators(this.spec);
    for (const op of this.spec.operations) {
      if (!API_OPERATIONS[op.operationId]) throw new Error(`openapi.yaml operation ${op.operationId} has no handler`);
      // Each validator made before the first call (a first send must not wait for it): from the
      // build's precompiled code while it matches, else by ajv; once per process (paramValidators).
      this.validatorOf(op);
    }
    // The control plane shows the profile, and each journal entry names it.
    this.journal.profile = this.profile?.source.file;
    this.operations = controlOperations({ platform: this.platform, journal: this.journal, faults: this.faults, events: this.events, spec: this.spec, profile: this.profile });
    for (const op of this.controlSpec.operations) {
      if (!this.operations[op.operationId]) throw new Error(`control-plane.yaml operation ${op.operationId} has no handler`);
    }
  }

  // ----- the API -----

  /**
   * One API call: faults, validation, the operation, the envelope. What the journal keeps of it is
   * gathered in `record` (its op and params set by the caller, src/mock/handle.ts, which makes the
   * journal entry once the answer is final). Synchronous unless a latency fault, a change waiting
   * its turn or an operation run in turns makes it wait (a promise per call costs).
   */
  call(record: ApiCall, meta: CallMeta): Answer | Promise<Answer> {
    const { op, params } = record;
    // A change waits while an operation runs in turns (inTurns); reads go on.
    if (this.changesWait && op.changesState) return this.changesWait.then(() => this.call(record, meta));
    // A profiled deployment that serves 5.1.1 by POST only refuses GET as its servlet does.
    const refusedGet = op.operationId === 'getThirdAPITokenByGet' ? this.profile?.tokenByGetRefused : undefined;
    if (refusedGet) {
      const status = refusedGet.status;
      record.params = {};
      const body = refusedGet.body === 'json' ? servletError(status, 'Method Not Allowed', meta.path, this.platform.clock.now()) : methodNotAllowedPage(meta.method, refusedGet.body);
      return { status, contentType: refusedGet.contentType ?? 'text/html;charset=utf-8', body, allow: 'POST' };
    }
    // The token's app, looked up once: the journal and app-scoped faults need it before validation,
    // and a refused token's answer (500002 for a disabled app's, on 5.3.1) after.
    const holder = op.needsToken ? this.platform.appOfToken(params.token) : undefined;
    const caller = holder?.status === 'enabled' ? holder : undefined;
    record.appId = op.needsToken ? caller?.appId : typeof params.appId === 'string' ? params.appId : undefined;
    const fault = this.faults.pick(op.operationId, record.appId, this.platform.ids.random);
    if (!fault) return this.guardedAnswer(record, holder, meta);
    record.faultId = fault.id;
    return this.faulted(fault.action, record, holder, meta);
  }

  /** What a fault does to the call: the one place its action is decided. */
  private faulted(action: FaultAction, record: ApiCall, holder: App | undefined, meta: CallMeta): Answer | Promise<Answer> {
    switch (action.type) {
      case 'latency':
        return new Promise<void>((resolve) => setTimeout(resolve, action.ms)).then(() => this.guardedAnswer(record, holder, meta));
      case 'rspCode':
        return this.envelope(record, action.rspCode, action.rspMsg ?? (isRspCode(action.rspCode) ? RSP_CODES[action.rspCode] : '其他异常信息'));
      case 'httpStatus':
        return { status: action.status, contentType: 'text/html;charset=UTF-8', body: '' };
      case 'malformed':
        // A body cut off mid-way, as a proxy that dropped the rest would deliver it.
        return { status: 200, contentType: JSON_CONTENT_TYPE, body: '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"' };
      case 'drop':
        // A dropped call never answers; the journal still shows it, with HTTP status 0.
        return { dropped: true };
    }
  }

  /** A call whose request could not be read (bad encoding, too large a body) or failed in the transport (999999): its envelope. */
  refuseCall(record: ApiCall, error: UmcError): Answer {
    return this.refusal(record, error);
  }

  /**
   * Validates, runs the operation (durably when it changes state) and builds its envelope. An
   * operation that runs in turns also has a long JSON parameter's items checked a slice a turn (the
   * receivers of a 5.3.1 to 55,000 people); changes wait from the second turn to the answer.
   */
  private answer(record: ApiCall, holder: App | undefined, meta: CallMeta): Answer | Promise<Answer> {
    const { op } = record;
    const validate = this.validatorOf(op);
    if (!STEPPED_OPERATIONS[op.operationId]) return this.validated(record, holder, meta, validate(record.params), false);
    const checking = validate.steps(record.params);
    let step = checking.next();
    if (step.done) return this.validated(record, holder, meta, step.value, false);
    return this.exclusively(async () => {
      while (!step.done) {
        await nextTurn();
        step = checking.next();
      }
      return this.validated(record, holder, meta, step.value, true);
    });
  }

  /** answer() once the parameters are checked; `held`: changes already wait (the check ran in turns). */
  private validated(record: ApiCall, holder: App | undefined, meta: CallMeta, checked: ValidationResult, held: boolean): Answer | Promise<Answer> {
    const { op } = record;
    const caller = holder?.status === 'enabled' ? holder : undefined;
    const validate = this.validatorOf(op);
    let result = checked;
    const hint = meta.hint ?? '';
    if (op.needsToken) {
      const tokenIssue = result.ok ? undefined : result.issues.find((i) => i.param === 'token');
      if (tokenIssue) return this.refusal(record, this.profile?.missingToken.get(op.operationId) ?? tokenIssue, hint);
      // 500003, or 500002 on 5.3.1 for a token of an app disabled since it was issued.
      if (!caller) throw this.platform.refuseToken(holder, op.operationId);
    }
    if (!result.ok && this.profile) result = this.profiledValidation(op, record, caller, result, validate);
    if (!result.ok) return this.refusal(record, result.issues[0]!, hint);
    const { params } = result;
    const app = caller ?? (op.authenticates ? this.platform.authenticate(String(params.appId), String(params.appPassword), meta.callerIp) : undefined);
    const context: OperationContext = { platform: this.platform, params, app: app! };
    // A change is logged once its app is known; a refused authentication changed nothing.
    const command = () => ({ kind: 'api' as const, operationId: op.operationId, appId: app?.appId, params: withoutSecrets(params) });
    const persisted = this.persistence && op.changesState ? this.persistence : undefined;
    const stepped = STEPPED_OPERATIONS[op.operationId];
    let data: unknown;
    if (stepped) data = this.inTurns(persisted ? persisted.steps(command(), stepped(context)) : stepped(context), held);
    else data = persisted ? persisted.run(command(), () => API_OPERATIONS[op.operationId]!(context)) : API_OPERATIONS[op.operationId]!(context);
    record.created = context.created;
    const successMsg = this.profile?.successMsg.get(op.operationId) ?? op.success.rspMsg;
    if (data instanceof Promise) return data.then((value) => this.envelope(record, op.success.rspCode, successMsg, value));
    return this.envelope(record, op.success.rspCode, successMsg, data);
  }

  /**
   * Runs an operation's steps: at once when it never yields (most sends); else one step per turn of
   * the event loop, so that a send to 55,000 receivers holds it a few milliseconds at a time. Until
   * the last step, changes wait their turn (call, control): the steps' early checks still hold when
   * the last one stores, and what --data records of them is theirs alone.
   */
  private inTurns<T>(steps: Generator<void, T>, held = false): T | Promise<T> {
    const first = steps.next();
    if (first.done) return first.value;
    const rest = async () => {
      for (;;) {
        await nextTurn();
        const step = steps.next();
        if (step.done) return step.value;
      }
    };
    return held ? rest() : this.exclusively(rest);
  }

  /** Runs `work` while changes (API calls that change state, control actions) wait for it. */
  private async exclusively<T>(work: () => T | Promise<T>): Promise<T> {
    let release!: () => void;
    this.changesWait = new Promise((resolve) => (release = resolve));
    try {
      return await work();
    } finally {
      this.changesWait = undefined;
      release();
    }
  }

  /**
   * A validation failure as the profiled deployment answered it: its code and wording for the
   * rule; a check it runs first (an unknown msgId); a rule of ours it does not apply to an optional
   * parameter (the parameter is ignored, and the request validated again without it).
   */
  private profiledValidation(op: OperationSpec, record: ApiCall, caller: App | undefined, result: Extract<ValidationResult, { ok: false }>, validate: ParamValidator): ValidationResult {
    let current: ValidationResult = result;
    let params = record.params;
    for (let ignored = 0; !current.ok && ignored < op.params.length; ignored++) {
      const issue: ValidationIssue = current.issues[0]!;
      const choice = this.profile!.rules.get(`${op.operationId} ${issue.param} ${issue.rule}`);
      if (!choice) return current;
      if (choice.kind === 'answer') return { ok: false, issues: [{ ...issue, rspCode: choice.rspCode as ValidationIssue['rspCode'], rspMsg: choice.rspMsg }] };
      if (choice.kind === 'first') {
        const precheck = PRECHECKS[op.operationId]?.[choice.rspCode];
        return precheck?.(this.platform, caller, params) ? { ok: false, issues: [{ ...issue, rspCode: choice.rspCode as ValidationIssue['rspCode'], rspMsg: choice.rspMsg }] } : current;
      }
      params = Object.fromEntries(Object.entries(params).filter(([name]) => name !== issue.param));
      current = validate(params);
    }
    return current;
  }

  /** The answer, where anything that escapes the operation (thrown or rejected) is still an envelope: never HTTP 500, never a stack. */
  private guardedAnswer(record: ApiCall, holder: App | undefined, meta: CallMeta): Answer | Promise<Answer> {
    try {
      const answer = this.answer(record, holder, meta);
      return answer instanceof Promise ? answer.catch((err: unknown) => this.failure(record, err)) : answer;
    } catch (err) {
      return this.failure(record, err);
    }
  }

  /** What escaped an operation: a refusal, an undone --data change, or a bug (logged, answered 999999). */
  failure(record: ApiCall, err: unknown): Answer {
    if (err instanceof UmcError) return this.refusal(record, err);
    // --data could not make the change durable: it was undone, and the answer (and so the journal) says why.
    if (err instanceof DataFileError) return this.envelope(record, '999999', err.message);
    const error = err instanceof Error ? { type: err.name, message: err.message } : { type: typeof err };
    this.logError({ operationId: record.op.operationId, error }, 'unexpected error');
    return this.envelope(record, '999999', '其他异常信息');
  }

  /**
   * A refusal: its detail (what exactly was wrong, the request's secrets masked) goes to the
   * journal, the envelope keeps rspMsg. The answer carries the detail for the X-UMC-Detail header:
   * for 500001, whose rspMsg names the field, the mock's own wording of it (rspMsg before a profile
   * reworded it) when there is no other detail.
   */
  private refusal(record: ApiCall, refusal: Refusal, hint = ''): Answer {
    const profiled = this.profiledRefusal(record, refusal);
    const answered: Refusal = profiled ? { ...profiled, detail: refusal.detail } : refusal;
    const { rspMsg, detail } = withHint(answered, hint);
    record.detail = detail === undefined ? undefined : redactText(detail, record.params);
    const answer = this.envelope(record, answered.rspCode, rspMsg);
    if (!('dropped' in answer)) answer.detail = record.detail ?? redactText(withHint(refusal, hint).rspMsg, record.params);
    return answer;
  }

  /** A refusal from the domain as the profiled deployment answered it: for its parameter, or its code's wording. */
  private profiledRefusal(record: ApiCall, refusal: Refusal): { rspCode: string; rspMsg: string } | undefined {
    if (!this.profile || !(refusal instanceof UmcError)) return undefined;
    const op = record.op.operationId;
    const forParam = refusal.param === undefined ? undefined : this.profile.paramRefusals.get(`${op} ${refusal.param}`);
    if (forParam) return forParam;
    const msg = this.profile.codeMsg.get(`${op} ${refusal.rspCode}`);
    return msg === undefined ? undefined : { rspCode: refusal.rspCode, rspMsg: msg };
  }

  private envelope(record: ApiCall, rspCode: string, rspMsg: string, resultData: unknown = null): Answer {
    const { op } = record;
    record.rspCode = rspCode;
    record.rspMsg = rspMsg;
    const success = rspCode === op.success.rspCode;
    if (success && op.changesState) record.msgId = changedMessage(resultData, record.params) ?? record.created;
    // A profiled deployment's HTTP status, Content-Type and envelope keys, success and error apart.
    const style = success ? this.profile?.successStyle.get(op.operationId) : this.profile?.errorStyle.get(op.operationId);
    const status = style?.status ?? 200;
    return { status, contentType: style?.contentType || JSON_CONTENT_TYPE, body: envelope(op, rspCode, rspMsg, resultData, style) };
  }

  // ----- the control plane -----

  /**
   * One control-plane call: control-plane.yaml's query and body rules, the operation (durably when
   * the YAML marks it persisted), what it changes besides the state, and an `action` event for a
   * change. Refusals come back as JSON `{error}` with their HTTP status.
   */
  async control(operationId: string, raw: RawControlInput): Promise<ControlAnswer> {
    const op = this.controlSpec.operation(operationId);
    const handler = this.operations[operationId];
    if (!op || !handler) return new ControlError(`没有这个控制面操作：${operationId}`, 404).answer;
    while (this.changesWait && op.method !== 'GET') await this.changesWait;
    try {
      const input: ControlInput = { ...raw, query: this.controlSpec.readQuery(operationId, raw.query) };
      this.controlSpec.validateBody(operationId, input.body);
      const run = () => handler(input);
      const result = this.persistence && op.persisted ? this.persistence.run({ kind: 'control', operationId, params: input.path, body: input.body }, run) : await run();
      handler.afterCommit?.();
      if (op.method !== 'GET') this.events.emit({ type: 'action', route: `${op.method} ${op.url}`, ...actionTargets(input) });
      return { status: 200, body: result };
    } catch (err) {
      const refused = controlErrorOf(err);
      if (refused) return refused.answer;
      throw err;
    }
  }

  // ----- --data replay (CommandReplay) -----

  /** Refuses a logged command nothing here runs. */
  check(command: Command): string | undefined {
    if (command.kind === 'control') return this.operations[command.operationId] && this.controlSpec.operation(command.operationId) ? undefined : `未知的控制面操作${command.operationId}`;
    const op = this.spec.byId.get(command.operationId);
    if (!op) return `未知的接口操作${command.operationId}`;
    if (typeof command.appId !== 'string') return '缺少appId';
    return undefined;
  }

  /** Runs a logged command again as it ran live: the same operation, with what it was given. */
  run(command: Command): void {
    if (command.kind === 'control') {
      this.operations[command.operationId]!({ path: (command.params ?? {}) as Record<string, string>, query: {}, body: (command.body ?? {}) as Record<string, unknown>, origin: '' });
      return;
    }
    const app = this.platform.app(String(command.appId));
    // Live, the call came with a token (or the credentials) of this app; replayed in order, the app is there.
    if (!app) throw new LogLineError(`应用${command.appId}此时并不存在（日志与快照对不上）`);
    API_OPERATIONS[command.operationId]!({ platform: this.platform, params: (command.params ?? {}) as Params, app });
  }
}

import type { IdKind } from '../domain/id-shapes.js';
import type { AnswerShape, BodyKind, CaseProfile, Observation, Profile } from './deployment-profile.js';
import type { LoadedSpec, OperationSpec } from './load.js';

/**
 * What a deployment chose where the document leaves the choice open, read from its profile
 * (umc-contract --save-profile), in the terms umc-mock answers in: per operation, the wording and
 * code of each refusal, the envelope's shape, Content-Type and HTTP status, the success rspMsg,
 * whether 5.1.1 takes GET, the shape of the ids it issues. A case umc-contract failed broke the
 * document: nothing of it is ever applied.
 */

/** How an operation's answers look, success or error. */
export interface AnswerStyle {
  status: number;
  contentType: string;
  /** debuggerErrorMsg in the envelope (null). */
  debuggerErrorMsg: boolean;
  /** resultData in the envelope (null on an error). */
  resultData: boolean;
}

export interface Reply {
  rspCode: string;
  rspMsg: string;
}

/**
 * A rule of the mock's validator as the deployment applied it: refused with this code and wording;
 * not applied at all (an optional parameter that breaks a rule of ours is ignored); or reached only
 * after another check (500005 for an unknown msgId before a missing state).
 */
export type RuleChoice = ({ kind: 'answer' } & Reply) | { kind: 'ignore' } | ({ kind: 'first' } & Reply);

/** One thing the profile changes, as GET /__umc/profile lists it against the mock's default. */
export interface ProfileEntry {
  what: string;
  /** What umc-mock does without the profile. */
  mock: string;
  /** What the profiled deployment did. */
  profiled: string;
  /** The umc-contract case it was seen in. */
  case: string;
  /** Why it is not applied (the document states otherwise; the mock cannot do it): absent when it is. */
  notApplied?: string;
}

export interface DeploymentChoices {
  source: { file: string; tool: string; savedAt: string; mode: Profile['mode'] };
  /** Applied, one per choice. */
  entries: ProfileEntry[];
  /** Seen but not applied: what contradicts the document, what the mock cannot do. */
  skipped: ProfileEntry[];
  /** 5.1.1 by GET: refused with this answer (absent: accepted, the mock's default). */
  tokenByGetRefused?: { status: number; contentType: string | null; body: BodyKind };
  /** The shape of the ids the deployment issues: uuid, or hexN. */
  ids: Partial<Record<IdKind, string>>;
  successMsg: Map<string, string>;
  successStyle: Map<string, AnswerStyle>;
  errorStyle: Map<string, AnswerStyle>;
  /** A request without token, by operation. */
  missingToken: Map<string, Reply>;
  /** The wording of a fixed code on an operation (500003, 500002, 500005…): "op code". */
  codeMsg: Map<string, string>;
  /** A documented refusal about one parameter (a schedule too soon, a body that is not JSON), code and wording: "op param". */
  paramRefusals: Map<string, Reply>;
  /** Validator rules: "op param rule". */
  rules: Map<string, RuleChoice>;
}

/** A profile whose observations contradict the document, named entry by entry. */
export class ProfileContradiction extends Error {
  override name = 'ProfileContradiction';
  constructor(
    readonly entries: ProfileEntry[],
    file: string,
  ) {
    super(`档案 ${file} 中有${entries.length}处违反文档的表现（umc-contract判为失败），不能让模拟器照做：\n${entries.map((e) => `  ${e.case}：${e.what}：${e.profiled}`).join('\n')}\n用 --profile-lenient 可以去掉这些条目后载入（并列出它们）。`);
  }
}

/**
 * The contract suite's rejection rules (the `<rule>` of a `<field>-<rule>` case slug) as the mock's
 * validator names the failing check (its ajv keyword; content.* for a JSON-text parameter's content).
 */
const RULES: [RegExp, string][] = [
  [/^missing$/, 'required'],
  [/^required-when-/, 'required'],
  [/^too-long$/, 'maxLength'],
  [/^too-many-bytes$/, 'x-umc-max-bytes'],
  [/^illegal-enum$/, 'enum'],
  [/^(pattern-mismatch|pattern-when-.*)$/, 'pattern'],
  [/^(not-integer|wrong-shape)$/, 'type'],
  [/^below-minimum$/, 'minimum'],
  [/^above-maximum$/, 'maximum'],
  [/^malformed-json$/, 'content.json'],
  [/^not-an-array$/, 'content.type'],
  [/^empty-array$/, 'content.minItems'],
  [/^item-without-/, 'content.required'],
];

/** The validator rule a case slug names, or undefined for a documented situation (an unknown msgId, 【】 in an SMS). */
export function ruleOfSlug(slug: string, field: string): string | undefined {
  if (!slug.startsWith(`${field}-`)) return undefined;
  const rule = slug.slice(field.length + 1);
  return RULES.find(([re]) => re.test(rule))?.[1];
}

const isShape = (o: Observation): o is AnswerShape => !('transport' in o);

/** The id shapes umc-mock can issue: a UUID, or N hex digits. */
const ISSUABLE = /^(uuid|hex(1[6-9]|2\d|3[0-2]))$/;

const ID_PATHS: Record<string, IdKind> = { 'resultData.token': 'token', 'resultData.msgId': 'msgId', 'resultData.messageId': 'messageId' };

function styleOf(shape: AnswerShape): AnswerStyle {
  return {
    status: shape.status,
    contentType: shape.contentType ?? '',
    debuggerErrorMsg: shape.fields?.debuggerErrorMsg !== undefined,
    resultData: shape.fields?.resultData !== undefined,
  };
}

function describeStyle(s: AnswerStyle): string {
  return `HTTP ${s.status}, ${s.contentType || 'no Content-Type'}, debuggerErrorMsg ${s.debuggerErrorMsg ? 'present' : 'absent'}, resultData ${s.resultData ? 'present' : 'absent'}`;
}

/** The most frequent value (first seen on a tie): a deployment may answer one operation two ways. */
function mostFrequent<T>(values: T[]): T | undefined {
  const counts = new Map<string, { value: T; n: number }>();
  for (const value of values) {
    const key = JSON.stringify(value);
    const entry = counts.get(key) ?? { value, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.value;
}

/**
 * Reads a profile into choices. `lenient`: entries of cases umc-contract failed are dropped (and
 * listed in skipped) instead of refusing the whole profile. `canCheckFirst`: which checks the mock
 * can run ahead of a parameter rule (src/mock/prechecks.ts); an order it cannot follow is skipped.
 */
export function deploymentChoices(profile: Profile, spec: LoadedSpec, file: string, lenient = false, canCheckFirst: (operationId: string, rspCode: string) => boolean = () => true): DeploymentChoices {
  const choices: DeploymentChoices = {
    source: { file, tool: profile.tool, savedAt: profile.savedAt, mode: profile.mode },
    entries: [],
    skipped: [],
    ids: {},
    successMsg: new Map(),
    successStyle: new Map(),
    errorStyle: new Map(),
    missingToken: new Map(),
    codeMsg: new Map(),
    paramRefusals: new Map(),
    rules: new Map(),
  };
  const contradictions: ProfileEntry[] = [];
  const styles = new Map<string, { success: AnswerStyle[]; error: AnswerStyle[] }>();
  const successMsgs = new Map<string, string[]>();
  const entry = (e: ProfileEntry) => (e.notApplied ? choices.skipped : choices.entries).push(e);

  for (const [id, c] of Object.entries(profile.cases)) {
    const shapes = Object.values(c.steps).flat().filter(isShape);
    if (c.status === 'failed') {
      if (shapes.length > 0) contradictions.push({ what: `${c.operation}的答复`, mock: '按文档', profiled: describeCase(c), case: id, notApplied: 'umc-contract判定违反文档' });
      continue;
    }
    for (const shape of shapes) {
      const op = spec.byId.get(shape.operation ?? c.operation);
      if (!op || shape.body !== 'json' || !shape.rspCode) continue;
      const success = shape.rspCode.value === op.success.rspCode;
      const bucket = styles.get(op.operationId) ?? { success: [], error: [] };
      (success ? bucket.success : bucket.error).push(styleOf(shape));
      styles.set(op.operationId, bucket);
      if (success && shape.rspMsg !== undefined) successMsgs.set(op.operationId, [...(successMsgs.get(op.operationId) ?? []), shape.rspMsg]);
      if (success) readIds(choices, shape, id);
    }
    readCase(choices, id, c, spec, entry, canCheckFirst);
  }
  if (contradictions.length > 0 && !lenient) throw new ProfileContradiction(contradictions, file);
  choices.skipped.push(...contradictions);

  for (const op of spec.operations) {
    const style = styles.get(op.operationId);
    const defaults: AnswerStyle = { status: 200, contentType: 'application/json;charset=utf-8', debuggerErrorMsg: op.withDebugger, resultData: true };
    for (const kind of ['success', 'error'] as const) {
      const chosen = style && mostFrequent(style[kind]);
      if (!chosen || describeStyle(chosen) === describeStyle(defaults)) continue;
      (kind === 'success' ? choices.successStyle : choices.errorStyle).set(op.operationId, chosen);
      entry({ what: `${op.operationId}的${kind === 'success' ? '成功' : '错误'}答复`, mock: describeStyle(defaults), profiled: describeStyle(chosen), case: '(各用例)' });
    }
    const msg = mostFrequent(successMsgs.get(op.operationId) ?? []);
    if (msg !== undefined && msg !== op.success.rspMsg) {
      choices.successMsg.set(op.operationId, msg);
      entry({ what: `${op.operationId}成功时的rspMsg`, mock: JSON.stringify(op.success.rspMsg), profiled: JSON.stringify(msg), case: '(各用例)' });
    }
  }
  return choices;
}

function describeCase(c: CaseProfile): string {
  const first = Object.values(c.steps).flat().find(isShape);
  return first ? `HTTP ${first.status}${first.rspCode ? `, rspCode ${first.rspCode.type} ${first.rspCode.value}` : ''}` : '没有答复';
}

function readIds(choices: DeploymentChoices, shape: AnswerShape, caseId: string): void {
  for (const [path, shapeName] of Object.entries(shape.ids ?? {})) {
    const kind = ID_PATHS[path];
    if (!kind || choices.ids[kind] !== undefined || shapeName === 'uuid') continue;
    if (!ISSUABLE.test(shapeName)) {
      if (!choices.skipped.some((e) => e.what === `${kind}的形状`)) choices.skipped.push({ what: `${kind}的形状`, mock: 'uuid', profiled: shapeName, case: caseId, notApplied: 'umc-mock只能发出UUID或16到32位十六进制的id' });
      continue;
    }
    choices.ids[kind] = shapeName;
    choices.entries.push({ what: `${kind}的形状`, mock: 'uuid', profiled: shapeName, case: caseId });
  }
}

/** The one answer of a single-request case, if it is one the mock can take a choice from. */
function onlyAnswer(c: CaseProfile): AnswerShape | undefined {
  const shapes = Object.values(c.steps).flat().filter(isShape);
  return shapes.length === 1 && shapes[0]!.body === 'json' && shapes[0]!.rspCode ? shapes[0] : undefined;
}

function readCase(choices: DeploymentChoices, id: string, c: CaseProfile, spec: LoadedSpec, entry: (e: ProfileEntry) => void, canCheckFirst: (operationId: string, rspCode: string) => boolean): void {
  const [group, operationId = '', slug = ''] = id.split('/');
  const op = spec.byId.get(operationId);
  if (!op) return;
  if (id === 'token/getThirdAPITokenByGet/issues-token') return readTokenByGet(choices, id, c, entry);
  const answer = onlyAnswer(c);
  // Flows and positive cases: the wording of a documented code met on the way (600010 confirming twice).
  if (group === 'flow' || group === 'positive') {
    for (const shape of Object.values(c.steps).flat().filter(isShape)) {
      const stepOp = spec.byId.get(shape.operation ?? operationId);
      if (stepOp && shape.rspCode && shape.rspCode.value !== stepOp.success.rspCode && shape.rspMsg !== undefined) setCodeMsg(choices, stepOp, shape.rspCode.value, shape.rspMsg, id, entry);
    }
    return;
  }
  if (!answer) return;
  const code = answer.rspCode!.value;
  const msg = answer.rspMsg ?? '';
  if (group === 'auth') {
    if (slug === 'no-token') {
      choices.missingToken.set(operationId, { rspCode: code, rspMsg: msg });
      entry({ what: `${operationId}缺少token`, mock: '500003 无效的请求凭证', profiled: `${code} ${msg}`, case: id });
    } else setCodeMsg(choices, op, code, msg, id, entry);
    return;
  }
  if (group === 'token') {
    if (code !== op.success.rspCode) setCodeMsg(choices, op, code, msg, id, entry);
    return;
  }
  if (group !== 'negative' || !c.field) return;
  const param = op.params.find((p) => p.name === c.field);
  const rule = param ? ruleOfSlug(slug, c.field) : undefined;
  if (!rule) {
    // A documented situation (an unknown msgId, 【】, a schedule too soon, a body that is not JSON): its
    // code and wording for the parameter it is about, and the wording of its code on the operation.
    if (code === op.success.rspCode) return;
    if (!choices.paramRefusals.has(`${operationId} ${c.field}`)) {
      choices.paramRefusals.set(`${operationId} ${c.field}`, { rspCode: code, rspMsg: msg });
      entry({ what: `${operationId}关于${c.field}的拒绝（${slug}）`, mock: '文档的返回码，rspMsg写出原因', profiled: `${code} ${msg}`, case: id });
    }
    if (code !== '500001') setCodeMsg(choices, op, code, msg, id, entry);
    return;
  }
  const key = `${operationId} ${c.field} ${rule}`;
  if (choices.rules.has(key)) return;
  if (code === op.success.rspCode) {
    if (param?.required) return entry({ what: `${operationId}的${c.field}（${rule}）`, mock: '拒绝', profiled: '接受', case: id, notApplied: `${c.field}是必填参数：模拟器不能不顾这条规则` });
    choices.rules.set(key, { kind: 'ignore' });
    return entry({ what: `${operationId}的${c.field}（${rule}）`, mock: '拒绝', profiled: `接受（忽略这个可选参数）`, case: id });
  }
  const kind = c.status === 'inconclusive' ? 'first' : 'answer';
  const what = `${operationId}的${c.field}（${rule}）`;
  const profiled = `${kind === 'first' ? '先做另一项检查：' : ''}${code} ${msg}`;
  if (kind === 'first' && !canCheckFirst(operationId, code)) return entry({ what, mock: '先检查这条规则', profiled, case: id, notApplied: `umc-mock不能在这条规则之前检查${code}` });
  choices.rules.set(key, { kind, rspCode: code, rspMsg: msg });
  entry({ what, mock: `${param?.errorCode ?? '500001'}，rspMsg写出参数名`, profiled, case: id });
}

/** The wording of a fixed code (500001 names a parameter: its wording is the rule's, not the code's). */
function setCodeMsg(choices: DeploymentChoices, op: OperationSpec, code: string, msg: string, caseId: string, entry: (e: ProfileEntry) => void): void {
  const key = `${op.operationId} ${code}`;
  if (code === '500001' || choices.codeMsg.has(key)) return;
  choices.codeMsg.set(key, msg);
  entry({ what: `${op.operationId}答复${code}时的rspMsg`, mock: '返回码表的文字', profiled: JSON.stringify(msg), case: caseId });
}

function readTokenByGet(choices: DeploymentChoices, id: string, c: CaseProfile, entry: (e: ProfileEntry) => void): void {
  const shape = Object.values(c.steps).flat().find(isShape);
  if (!shape) return;
  if (shape.rspCode?.value === '000000') return;
  choices.tokenByGetRefused = { status: shape.status, contentType: shape.contentType, body: shape.body };
  entry({ what: '5.1.1用GET获取token', mock: '接受（与POST相同）', profiled: `HTTP ${shape.status} ${shape.contentType ?? ''} ${shape.body}`, case: id });
}

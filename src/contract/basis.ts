import type { LoadedSpec } from '../spec/load.js';
import type { Assumption, Basis, Passage } from './types.js';

/** Passages of the vendor document that many checks rest on. */
export const DOC = {
  json: { section: '4.1', phrase: '平台的接口返回数据为JSON格式' },
  envelope: { section: '表4-1-1', phrase: 'rspCode 返回码 String；rspMsg 返回码对应信息 String；resultData 当正确返回时，返回结果对象' },
  rspCodeString: { section: '表4-1-1', phrase: 'rspCode 返回码 String' },
  codes: { section: '表4-1-2', phrase: '返回码 适用范围 返回码说明' },
  unexpected: { section: '表4-1-2', phrase: '999999 通用 其他异常信息' },
  validation: { section: '表4-1-2', phrase: '500001 通用 参数校验有误时，返回该返回码' },
  badToken: { section: '表4-1-2', phrase: '500003 通用 无效的请求凭证' },
  tokenRequired: { section: '5.2–5.4', phrase: 'token 平台通行凭证 是 String' },
  badCredentials: { section: '表4-1-2', phrase: '500002 5.1.1、5.3.1 无效的应用ID或密钥；应用为禁用状态' },
  tokenIssued: { section: '5.1.1', phrase: '请求方式 POST 参数携带方式 URL传参 …/msg/getThirdAPIToken?appId=[APPID]&appPassword=[APPPASSWORD]' },
  tokenUsable: { section: '3.2', phrase: '成功获取凭证后，调用方可以在token的有效时间内调用平台的其它接口' },
} satisfies Record<string, Passage>;

/** The suite's own readings, beyond openapi.yaml's x-umc-assumption lists. */
export const ASSUME = {
  http200: { id: 'http.status-200', text: '每个业务结果（含错误）都是HTTP 200，以rspCode区分' },
  contentType: { id: 'http.json-content-type', text: '答复的Content-Type是application/json' },
  errorEnvelope: { id: 'envelope.error-shape', text: '错误答复为{rspCode, rspMsg, resultData: null}，5.2.1、5.2.2、5.3.3的错误答复也带debuggerErrorMsg' },
  expectedCodes: { id: 'codes.x-rsp-codes', text: '每个接口只返回openapi.yaml的x-rsp-codes所列的返回码（表4-1-2的适用范围之内我们认为会出现的那些）' },
  schemaDetail: { id: 'schema.detail', text: '成功答复满足openapi.yaml中文档之外的细节（如token为UUID）' },
  namesField: { id: 'rspMsg.names-field', text: '500001的rspMsg写出出错的参数名（如“msgtitle不能为空”）' },
  missingTokenCode: { id: 'token.missing-500003', text: '缺少token返回500003（而不是500001）' },
  receiversReachable: { id: 'flow.receivers-reached', text: '指定的测试接收人都能收到（发送完毕时failCount为0）' },
  totalPerReceiver: { id: 'flow.total-per-receiver', text: '只用一个非智能模式的渠道时，5.2.4的total等于接收人数' },
} satisfies Record<string, Assumption>;

/** The rejection code a rule gets, when the document leaves which code to the platform. */
export function codeAssumption(operationId: string, field: string, code: string): Assumption {
  return { id: `code.${operationId}.${field}.${code}`, text: `${operationId}的${field}不合法时返回${code}` };
}

/** A limit or rule of ours on a parameter (x-umc-assumed, or a rule the document gives no phrase for). */
export function ruleAssumption(operationId: string, field: string, keyword: string, rule: string): Assumption {
  return { id: `rule.${operationId}.${field}.${keyword}`, text: `${operationId}的${field}：${rule}（我们的规则，文档未写明）` };
}

/**
 * An x-umc-assumption entry of openapi.yaml, found by a phrase of it. Throws when no entry
 * holds the phrase, so a case never cites an assumption the spec does not make.
 */
export function specAssumption(spec: LoadedSpec, operationId: string, phrase: string): Assumption {
  const op = spec.byId.get(operationId);
  const index = op?.assumptions.findIndex((a) => a.includes(phrase)) ?? -1;
  if (!op || index < 0) throw new Error(`openapi.yaml: ${operationId} has no x-umc-assumption containing "${phrase}"`);
  return { id: `${operationId}#${index}`, text: `${op.section} ${op.assumptions[index]}` };
}

/**
 * What expecting `code` from an operation rests on: the document's passage, unless openapi.yaml marks the
 * code x-umc-assumed there (outside its 适用范围 in table 4-1-2), when it is our reading: another code is
 * then a note, not a fail.
 */
export function codeBasis(spec: LoadedSpec, operationId: string, code: string, passage: Passage): Basis {
  const op = spec.byId.get(operationId);
  if (!op?.rspCodes.find((c) => c.rspCode === code)?.assumed) return { doc: passage };
  return { assumption: scopeAssumption(spec, operationId, code) };
}

/** That `code` comes from an operation outside the code's 适用范围 in table 4-1-2 (x-umc-assumed). */
export function scopeAssumption(spec: LoadedSpec, operationId: string, code: string): Assumption {
  const op = spec.byId.get(operationId);
  const scope = spec.documentCodes.find((c) => c.rspCode === code)?.scope.join('、') ?? '?';
  return { id: `code-scope.${operationId}.${code}`, text: `${op?.section ?? operationId}返回${code}（表4-1-2中${code}的适用范围是${scope}，不含${op?.section ?? operationId}：我们的推断）` };
}

export function isDoc(basis: Basis): basis is { doc: Passage } {
  return 'doc' in basis;
}

/** "5.3.1「…」", as reports print a passage. */
export function cite(p: Passage): string {
  return `${p.section}「${p.phrase}」`;
}

export function describeBasis(basis: Basis): string {
  if (isDoc(basis)) return `document ${cite(basis.doc)}`;
  if ('baseline' in basis) return `baseline ${basis.baseline.file} (saved ${basis.baseline.savedAt})`;
  return `assumption ${basis.assumption.id}: ${basis.assumption.text}`;
}

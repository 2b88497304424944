// Requests the platform must reject, generated from openapi.yaml alone: each required parameter
// missing, each length limit + 1, each enum/pattern broken, malformed JSON, each cross-field rule
// broken; plus the rules the document states beyond the schema (ids nobody issued, 【】 as an SMS
// signature, a schedule less than 10 minutes ahead, a body that is not JSON).
// Only operations that change nothing run in safe mode: a rejection case of a send, of 5.2.3 or
// of 5.4.1 carries a valid token, so a target that wrongly accepted it would act on it. In full
// mode such a request is otherwise valid and addressed to the test receivers (rejection-request.ts), so that
// no other rule answers before the one under test.
import { codeAssumption, specAssumption } from '../src/contract/basis.js';
import { expectRejection, type ExpectedRejection } from '../src/contract/expect.js';
import { negativeCases } from '../src/contract/generate.js';
import { seededRandom } from '../src/contract/random.js';
import type { Assumption, ContractCase, Mode, Passage } from '../src/contract/types.js';
import type { LoadedSpec, OperationSpec } from '../src/spec/load.js';
import { rejectionRequest } from './rejection-request.js';
import { NOBODY, UNKNOWN_ID, chinaTime } from './samples.js';

/** Safe mode never gives a valid token to an operation that changes or consumes state (5.1.1 only issues one). */
export function modeFor(op: OperationSpec): Mode {
  return op.changesState && op.needsToken ? 'full' : 'safe';
}

/** What a target that wrongly accepted the case's request could change (docs/contract.md's safety table). */
export function riskFor(op: OperationSpec): string {
  if (!op.changesState) return 'nothing: the operation only reads';
  if (!op.needsToken) return 'issues one more token to the app';
  if (op.tags.includes('send')) return `one message titled with the run tag to the first test receiver (to ${NOBODY} or an unknown mobile when none is given)`;
  if (op.operationId === 'replyMessage') return "takes (deletes) up to 100 of the app's replies";
  return 'the state of a todo that does not exist';
}

/** A rejection case of one operation: id, title, mode, passage and risk follow from the operation and the rule. */
function rejectionCase(op: OperationSpec, slug: string, what: string, rule: ExpectedRejection, run: ContractCase['run']): ContractCase {
  return {
    id: `negative/${op.operationId}/${rule.field}-${slug}`,
    group: 'negative',
    operationIds: [op.operationId],
    title: `${op.operationId}: ${what} → ${rule.code}`,
    field: rule.field,
    mode: modeFor(op),
    doc: rule.doc,
    assumptions: [rule.codeAssumption, ...(rule.assumption ? [rule.assumption] : [])],
    risk: riskFor(op),
    // 5.2.3 deletes what it returns: never beside another case that reads the replies.
    lock: op.operationId === 'replyMessage' ? 'replies' : undefined,
    run,
  };
}

/**
 * @param seed seeds the generated values (over-length fillers), so a run's cases are
 *   reproducible with --seed.
 */
export function negativeDataCases(spec: LoadedSpec, seed: number): ContractCase[] {
  const random = seededRandom(seed);
  const cases: ContractCase[] = [];
  // GET of 5.1.1 is not in the document: it is probed once (token cases), not validated.
  for (const op of spec.operations.filter((o) => o.operationId !== 'getThirdAPITokenByGet')) {
    const isTokenOp = !op.needsToken;
    for (const m of negativeCases(op, random, isTokenOp ? [] : ['token'])) {
      cases.push(
        rejectionCase(op, m.kind, m.describe, m, async (ctx) => {
          const params: Record<string, unknown> = isTokenOp ? { appId: ctx.appId, appPassword: ctx.appPassword } : { token: await ctx.token(), ...(await rejectionRequest(ctx, spec, op.operationId)) };
          m.apply(params);
          expectRejection(ctx, await ctx.call(op.operationId, params), m);
        }),
      );
    }
  }
  return [...cases, ...documentedRejections(spec)];
}

interface Documented {
  operationId: string;
  field: string;
  slug: string;
  code: string;
  what: string;
  doc?: Passage;
  /** When the document does not state the rule: the assumption it is. */
  assumption?: Assumption;
  /** The parameters on top of the operation's baseline (the token is added). */
  params(now: number): Record<string, unknown>;
  rawBody?: { contentType: string; text: string };
}

/** Rejections the document states beyond the schema. Placeholders again address nobody. */
function documentedRejections(spec: LoadedSpec): ContractCase[] {
  const list: Documented[] = [
    {
      operationId: 'getProgress',
      field: 'msgId',
      slug: 'unknown',
      code: '500005',
      what: 'a msgId nobody issued',
      assumption: specAssumption(spec, 'getProgress', '只认5.3.1和5.3.2返回的msgId'),
      params: () => ({ msgId: UNKNOWN_ID }),
    },
    {
      operationId: 'checkMessageStatusApi',
      field: 'msgId',
      slug: 'unknown',
      code: '500005',
      what: 'a msgId nobody issued',
      doc: { section: '表4-1-2', phrase: '500005 5.4.1 无效的 msgId 参数' },
      params: () => ({ msgId: UNKNOWN_ID, state: '2' }),
    },
    {
      operationId: 'getTemplateList',
      field: 'publicId',
      slug: 'unknown',
      code: '600000',
      what: 'a publicId that does not exist',
      doc: { section: '表4-1-2', phrase: '600000 5.2.1、5.2.2、5.3.3 对应的公众平台不存在' },
      params: () => ({ publicId: UNKNOWN_ID }),
    },
    {
      operationId: 'sendMessageBySMSApi',
      field: 'msgContent',
      slug: 'sms-signature-brackets',
      code: '500012',
      what: 'msgContent signed with 【】',
      doc: { section: '5.3.2', phrase: '短信内容禁止使用【】符号进行短信签名，例如【研发部】; 如需签名请修改为〖〗符号' },
      params: () => ({ msgContent: '【umc-contract】此请求应在投递前被拒绝' }),
    },
    {
      operationId: 'sendMessageApi',
      field: 'msgContent',
      slug: 'sms-signature-brackets',
      code: '500012',
      what: 'an SMS send (sendChannel=SMS) whose msgContent is signed with 【】',
      doc: { section: '5.3.1', phrase: '短信模式下，内容禁止使用【】符号作为短信签名，例如【研发部】' },
      params: () => ({ sendChannel: 'SMS', msgContent: '【umc-contract】此请求应在投递前被拒绝' }),
    },
    {
      operationId: 'sendMessageApi',
      field: 'sendTime',
      slug: 'less-than-10-minutes-ahead',
      code: '500001',
      what: 'a scheduled send (sendStatus=2) two minutes ahead',
      doc: { section: '5.3.1', phrase: '发送状态为【2：定时消息】为必填参数，为设定的发送时间（设定时间必须大于系统当前时间10分钟以上）' },
      // Two minutes, not nine: the target's clock may differ from ours by a few minutes.
      params: (now) => ({ sendStatus: '2', sendTime: chinaTime(now + 120_000) }),
    },
    ...['sendTemplateApi', 'cardMessage'].map(
      (operationId): Documented => ({
        operationId,
        field: 'body',
        slug: 'malformed-json',
        code: '500001',
        what: 'a body that is not JSON (cut off), token in the URL',
        doc: { section: spec.byId.get(operationId)?.section ?? '', phrase: '参数携带方式 请求体 请求头的content-type application/json' },
        params: () => ({}),
        rawBody: { contentType: 'application/json', text: `{"userId":"${NOBODY}","userList":"${NOBODY}","title":` },
      }),
    ),
  ];
  return list
    .filter((u) => spec.byId.has(u.operationId))
    .map((u) => {
      const rule: ExpectedRejection = { field: u.field, code: u.code, doc: u.doc, assumption: u.assumption, codeAssumption: codeAssumption(u.operationId, u.field, u.code), namesField: !u.rawBody };
      return rejectionCase(spec.byId.get(u.operationId)!, u.slug, u.what, rule, async (ctx) => {
        const token = await ctx.token();
        const params = u.rawBody ? { token } : { token, ...(await rejectionRequest(ctx, spec, u.operationId)), ...u.params(await ctx.targetNow()) };
        expectRejection(ctx, await ctx.call(u.operationId, params, { rawBody: u.rawBody }), rule);
      });
    });
}

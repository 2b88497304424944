// A profile read into the choices umc-mock answers by: each kind of entry, what is refused as a
// contradiction of the document, and what the mock cannot apply.
import t from 'tap';
import { ProfileContradiction, deploymentChoices, ruleOfSlug } from './deployment-choices.js';
import type { AnswerShape, CaseProfile, Profile } from './deployment-profile.js';
import { loadSpec } from './load.js';

const spec = loadSpec();

function answer(operation: string, rspCode: string, rspMsg: string, extra: Partial<AnswerShape> = {}): AnswerShape {
  return { operation, status: 200, contentType: 'application/json;charset=utf-8', body: 'json', rspCode: { type: 'string', value: rspCode }, rspMsg, fields: { $: 'object', rspCode: 'string', rspMsg: 'string', resultData: 'null' }, ...extra };
}

function one(status: CaseProfile['status'], operation: string, shape: AnswerShape, field?: string): CaseProfile {
  return { status, operation, ...(field ? { field } : {}), notes: [], steps: { [operation]: [shape] } };
}

function profileOf(cases: Record<string, CaseProfile>): Profile {
  return { format: 'umc-contract-profile', version: 1, tool: 'test', savedAt: 'now', mode: 'full', isMock: false, seed: 1, cases, tokenMethods: {} };
}

const CASES: Record<string, CaseProfile> = {
  'negative/sendMessageApi/msgtitle-too-long': one('noted', 'sendMessageApi', answer('sendMessageApi', '500001', '标题太长'), 'msgtitle'),
  'negative/sendMessageApi/sendTime-pattern-mismatch': one('noted', 'sendMessageApi', answer('sendMessageApi', '000000', '操作完成'), 'sendTime'),
  'negative/sendMessageApi/msgtitle-missing': one('noted', 'sendMessageApi', answer('sendMessageApi', '000000', '操作完成'), 'msgtitle'),
  'negative/checkMessageStatusApi/state-missing': one('inconclusive', 'checkMessageStatusApi', answer('checkMessageStatusApi', '500005', '消息不存在'), 'state'),
  'negative/sendMessageApi/sendTime-less-than-10-minutes-ahead': one('noted', 'sendMessageApi', answer('sendMessageApi', '500012', '时间太近'), 'sendTime'),
  'auth/getPublicList/no-token': one('noted', 'getPublicList', answer('getPublicList', '500001', '缺少凭证')),
  'auth/getPublicList/unknown-token': one('passed', 'getPublicList', answer('getPublicList', '500003', '凭证无效')),
  'token/getThirdAPITokenByGet/issues-token': one('noted', 'getThirdAPITokenByGet', { operation: 'getThirdAPITokenByGet', status: 405, contentType: 'text/html;charset=utf-8', body: 'html' }),
  'token/getThirdAPIToken/issues-token': one('noted', 'getThirdAPIToken', answer('getThirdAPIToken', '000000', '操作完成', { ids: { 'resultData.token': 'hex32' } })),
  'positive/getUserMessageCount/all-types': one('passed', 'getUserMessageCount', answer('getUserMessageCount', '000000', '')),
};

t.test('each kind of choice, from the case that showed it', async (t) => {
  const c = deploymentChoices(profileOf(CASES), spec, 'p.json');
  t.same(c.rules.get('sendMessageApi msgtitle maxLength'), { kind: 'answer', rspCode: '500001', rspMsg: '标题太长' }, 'a rule answered with its code and wording');
  t.same(c.rules.get('sendMessageApi sendTime pattern'), { kind: 'ignore' }, 'a rule of ours not applied to an optional parameter: ignored');
  t.notOk(c.rules.has('sendMessageApi msgtitle required'), 'a required parameter accepted missing is not applied');
  t.ok(c.skipped.some((e) => e.case === 'negative/sendMessageApi/msgtitle-missing' && /必填参数/.test(e.notApplied!)), '…and says why');
  t.same(c.rules.get('checkMessageStatusApi state required'), { kind: 'first', rspCode: '500005', rspMsg: '消息不存在' }, 'another check first (the case did not reach its rule)');
  t.same(c.paramRefusals.get('sendMessageApi sendTime'), { rspCode: '500012', rspMsg: '时间太近' }, 'a documented refusal about a parameter');
  t.same(c.missingToken.get('getPublicList'), { rspCode: '500001', rspMsg: '缺少凭证' });
  t.equal(c.codeMsg.get('getPublicList 500003'), '凭证无效', "a fixed code's wording");
  t.same(c.tokenByGetRefused, { status: 405, contentType: 'text/html;charset=utf-8', body: 'html' });
  t.same(c.ids, { token: 'hex32' });
  t.equal(c.successMsg.get('getUserMessageCount'), '');
  t.ok(c.entries.length >= 9, `${c.entries.length} entries`);
  t.ok(c.entries.every((e) => e.what && e.mock && e.profiled !== undefined && e.case), 'each says what, the default, the profiled choice and the case');
});

t.test("a case umc-contract failed broke the document: refused, or dropped with lenient", async (t) => {
  const failed = { ...CASES, 'auth/getPublicList/garbage-token': one('failed', 'getPublicList', answer('getPublicList', '500001', '凭证无效')) };
  t.throws(() => deploymentChoices(profileOf(failed), spec, 'p.json'), ProfileContradiction);
  const lenient = deploymentChoices(profileOf(failed), spec, 'p.json', true);
  t.ok(lenient.skipped.some((e) => e.case === 'auth/getPublicList/garbage-token'));
  t.notOk(lenient.entries.some((e) => e.case === 'auth/getPublicList/garbage-token'));
});

t.test('an order of checks the mock cannot follow is listed, not applied', async (t) => {
  const c = deploymentChoices(profileOf(CASES), spec, 'p.json', false, () => false);
  t.notOk(c.rules.has('checkMessageStatusApi state required'));
  t.match(c.skipped.find((e) => e.case === 'negative/checkMessageStatusApi/state-missing'), { notApplied: /不能在这条规则之前检查500005/ });
});

t.test('an id shape the mock cannot issue is listed, not applied', async (t) => {
  const odd = { 'token/getThirdAPIToken/issues-token': one('noted', 'getThirdAPIToken', answer('getThirdAPIToken', '000000', '操作完成', { ids: { 'resultData.token': 'alnum43' } })) };
  const c = deploymentChoices(profileOf(odd), spec, 'p.json');
  t.same(c.ids, {});
  t.match(c.skipped, [{ what: 'token的形状', profiled: 'alnum43', notApplied: /UUID/ }]);
});

t.test("the contract suite's rule names as the validator's", async (t) => {
  t.equal(ruleOfSlug('msgtitle-too-long', 'msgtitle'), 'maxLength');
  t.equal(ruleOfSlug('receivers-item-without-userId', 'receivers'), 'content.required');
  t.equal(ruleOfSlug('waitLink-required-when-sendMsgType-4', 'waitLink'), 'required');
  t.equal(ruleOfSlug('msgId-unknown', 'msgId'), undefined, 'a documented situation is no validator rule');
});

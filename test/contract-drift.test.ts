// The suite catches drift: a proxy in front of the mock breaks the contract one way at a time,
// and the suite must fail with the check that names that breach, and only where it happened.
import t from 'tap';
import { byId, failedChecks, runSuite } from './helpers/contract.js';
import { startDriftProxy, type DriftProxyOptions } from './helpers/drift-proxy.js';
import { startTestMock } from './helpers/mock.js';

async function driftedRun(t: { teardown(fn: () => unknown): void }, drift: DriftProxyOptions['drift']) {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, { drift });
  return (await runSuite(proxy.url)).report;
}

/** The ids of the failed cases, and each one's failed checks. */
function failures(report: Awaited<ReturnType<typeof driftedRun>>) {
  return Object.fromEntries(report.results.filter((r) => r.status === 'failed').map((r) => [r.id, failedChecks(r)]));
}

t.test('rspCode sent as a number → rsp_code_is_string', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/msg/getThirdAPIToken' && a.method === 'POST' && typeof a.json?.rspCode === 'string') a.json.rspCode = Number(a.json.rspCode);
  });
  const failed = failures(report);
  t.ok(Object.keys(failed).length > 0, 'the run fails');
  t.ok(Object.keys(failed).every((id) => id.includes('/getThirdAPIToken/')), 'only the drifted operation fails');
  t.ok(failed['token/getThirdAPIToken/issues-token']?.includes('rsp_code_is_string'), 'success answer: rsp_code_is_string');
  t.ok(failed['token/getThirdAPIToken/wrong-password']?.includes('rsp_code_is_string'), 'error answer: rsp_code_is_string');
});

t.test('a required success field dropped → success_schema', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/msg/getThirdAPIToken' && a.method === 'POST' && a.json?.resultData?.token) delete a.json.resultData.token;
  });
  const c = byId(report, 'token/getThirdAPIToken/issues-token');
  t.equal(c?.status, 'failed');
  t.same(failedChecks(c), ['success_schema']);
  t.match(c?.checks.find((x) => x.name === 'success_schema')?.got, /token/, 'the missing field is named');
  t.same(Object.keys(failures(report)), ['token/getThirdAPIToken/issues-token'], 'nothing else fails');
});

t.test('an undocumented rspCode → rsp_code_documented', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/msg/getThirdAPIToken' && a.json?.rspCode === '500002') a.json.rspCode = '500004';
  });
  const c = byId(report, 'token/getThirdAPIToken/wrong-password');
  t.ok(failedChecks(c).includes('rsp_code_documented'));
  t.match(c?.checks.find((x) => x.name === 'rsp_code_documented'), { got: '500004', expected: /500002/ });
  t.ok(failedChecks(byId(report, 'token/getThirdAPIToken/unknown-app')).includes('rsp_code_documented'));
});

t.test('HTTP 500 → http_status_200', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/message/replyMessage') a.status = 500;
  });
  for (const id of ['auth/replyMessage/no-token', 'auth/replyMessage/garbage-token', 'negative/replyMessage/count-above-maximum', 'token/getThirdAPITokenByGet/token-accepted']) {
    t.ok(failedChecks(byId(report, id)).includes('http_status_200'), `${id}: http_status_200`);
  }
  t.ok(Object.keys(failures(report)).every((id) => byId(report, id)!.operationIds.includes('replyMessage')), 'only cases calling replyMessage fail');
});

t.test('a bad token accepted (500003 answered as 000000) → rejects_bad_token / rejects_missing_token', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/message/getPublicList' && a.json?.rspCode === '500003') a.json.rspCode = '000000';
  });
  t.ok(failedChecks(byId(report, 'auth/getPublicList/garbage-token')).includes('rejects_bad_token'));
  t.ok(failedChecks(byId(report, 'auth/getPublicList/unknown-token')).includes('rejects_bad_token'));
  t.ok(failedChecks(byId(report, 'auth/getPublicList/no-token')).includes('rejects_missing_token'));
  t.equal(byId(report, 'auth/getTemplateList/garbage-token')?.status, 'passed', 'other operations are unaffected');
});

t.test('a rejection turned into success → negative_data_rejection naming the field', async (t) => {
  const report = await driftedRun(t, (a, req) => {
    if (a.path === '/message/sendMessageApi' && a.json?.rspCode === '500001' && req.body.includes('msgtitle=')) {
      a.json = { rspCode: '000000', rspMsg: '操作完成', resultData: { msgId: 'm1', noSubscribeStatus: '0', noSubscribeList: [] } };
    }
  });
  const c = byId(report, 'negative/sendMessageApi/msgtitle-too-long');
  t.equal(c?.field, 'msgtitle');
  t.same(failedChecks(c), ['negative_data_rejection', 'field_error_code']);
});

t.test('a wrong rejection code and a message that does not name the field', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/api/message/user/list' && a.json?.rspCode === '500001') {
      a.json.rspCode = '999999';
      a.json.rspMsg = '系统异常';
    }
    if (a.path === '/message/getProgress' && a.json?.rspCode === '500001') a.json.rspMsg = '参数错误';
  });
  t.same(failedChecks(byId(report, 'negative/getUserMessageList/size-above-maximum')), ['negative_data_rejection', 'field_error_code'], '999999 is no rejection');
  t.same(failedChecks(byId(report, 'negative/getProgress/msgId-missing')), ['rsp_msg_names_field']);
});

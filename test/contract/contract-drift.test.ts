// The suite catches drift: a proxy in front of the mock breaks the contract one way at a time,
// and the suite must fail with the check that names that breach, and only where it happened.
// A difference from one of our assumptions is a note, never a fail.
import t from 'tap';
import type { ContractOptions } from '../../src/contract/options.js';
import { byId, failedChecks, failures, notedChecks, runSuite } from '../helpers/contract.js';
import { startDriftProxy, type DriftProxyOptions } from '../helpers/drift-proxy.js';
import { startTestMock } from '../helpers/mock.js';

async function driftedRun(t: { teardown(fn: () => unknown): void }, drift: DriftProxyOptions['drift'], overrides: Partial<ContractOptions> = {}) {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, { drift });
  return (await runSuite(proxy.url, overrides)).report;
}

t.test('rspCode sent as a number → rsp_code_is_string', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/message/getPublicList' && typeof a.json?.rspCode === 'string') a.json.rspCode = Number(a.json.rspCode);
  });
  const failed = failures(report);
  t.ok(Object.keys(failed).length > 0, 'the run fails');
  t.ok(Object.keys(failed).every((id) => byId(report, id)!.operationIds.includes('getPublicList')), 'only the drifted operation fails');
  t.ok(failed['positive/getPublicList/list']?.includes('rsp_code_is_string'), 'success answer: rsp_code_is_string');
  t.ok(failed['auth/getPublicList/garbage-token']?.includes('rsp_code_is_string'), 'error answer: rsp_code_is_string');
});

t.test('a documented success field dropped, or a number where the document says String → success_schema', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/api/message/user/count' && a.json?.resultData) delete a.json.resultData.todo;
    if (a.path === '/message/getPublicList' && Array.isArray(a.json?.resultData)) for (const p of a.json.resultData) p.status = Number(p.status);
  });
  const count = byId(report, 'positive/getUserMessageCount/all-types');
  t.same(failedChecks(count), ['success_schema']);
  t.match(count?.checks.find((x) => x.name === 'success_schema')?.got, /todo/, 'the missing field is named');
  t.match(byId(report, 'positive/getPublicList/list')?.checks.find((x) => x.name === 'success_schema')?.got, /status: number 1, expected string/, 'no coercion: 1 is not "1", and the value that came is shown with its type');
  // getTemplateList needs an official account from getPublicList: a prerequisite that broke, not a second fail.
  const templates = byId(report, 'positive/getTemplateList/list');
  t.equal(templates?.status, 'inconclusive');
  t.match(templates?.reason, /^the official account to send from: getPublicList answered rspCode 000000 against the document \(its own cases judge that\)$/);
  t.ok(templates?.exchanges[0]?.prerequisite, 'the lookup is marked a prerequisite');
});

t.test('an rspCode outside table 4-1-2 → rsp_code_documented', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/msg/getThirdAPIToken' && a.json?.rspCode === '500002') a.json.rspCode = '500004';
  });
  const c = byId(report, 'token/getThirdAPIToken/wrong-password');
  t.ok(failedChecks(c).includes('rsp_code_documented'));
  t.match(c?.checks.find((x) => x.name === 'rsp_code_documented'), { got: '500004', expected: /500002/ });
  t.ok(failedChecks(byId(report, 'token/getThirdAPIToken/unknown-app')).includes('rsp_code_documented'));
});

t.test('a documented code the operation is not expected to give is a note (rsp_code_expected)', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/message/getProgress' && a.json?.rspCode === '500001') a.json.rspCode = '500010';
  });
  const c = byId(report, 'negative/getProgress/msgId-missing');
  t.same(failedChecks(c), []);
  t.ok(notedChecks(c).includes('rsp_code_expected'), '500010 is 通用 in table 4-1-2: documented, just not where we expected it');
});

t.test('HTTP 500 → http_no_server_error; another HTTP status with the envelope is a note', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/message/replyMessage') a.status = 500;
    if (a.path === '/message/getProgress' && a.json?.rspCode === '500001') a.status = 400;
  });
  for (const id of ['auth/replyMessage/no-token', 'auth/replyMessage/garbage-token', 'auth/replyMessage/unknown-token']) {
    t.ok(failedChecks(byId(report, id)).includes('http_no_server_error'), `${id}: http_no_server_error`);
  }
  t.ok(Object.keys(failures(report)).every((id) => byId(report, id)!.operationIds.includes('replyMessage')), 'only cases calling replyMessage fail');
  t.ok(notedChecks(byId(report, 'negative/getProgress/msgId-missing')).includes('http_status_200'), 'HTTP 400 with the envelope: a note');
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

t.test('a rejection turned into success → negative_data_rejection naming the field (full mode)', async (t) => {
  const report = await driftedRun(
    t,
    (a, req) => {
      if (a.path === '/message/sendMessageApi' && a.json?.rspCode === '500001' && req.body.includes('msgtitle=')) {
        a.json = { rspCode: '000000', rspMsg: '操作完成', resultData: { msgId: 'm1', noSubscribeStatus: '0', noSubscribeList: [] } };
      }
    },
    { mode: 'full', only: ['negative/sendMessageApi'] },
  );
  const c = byId(report, 'negative/sendMessageApi/msgtitle-too-long');
  t.equal(c?.field, 'msgtitle');
  t.same(failedChecks(c), ['negative_data_rejection']);
  t.match(c?.doc, { section: '5.3.1', phrase: /长度不超过100/ }, 'the case names the passage it enforces');
});

t.test('999999 is no rejection (a fail); another wording or another documented code is a note', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/api/message/user/list' && a.json?.rspCode === '500001') {
      a.json.rspCode = '999999';
      a.json.rspMsg = '系统异常';
    }
    if (a.path === '/message/getProgress' && a.json?.rspCode === '500001') a.json.rspMsg = '参数错误';
  });
  t.same(failedChecks(byId(report, 'negative/getUserMessageList/account-missing')), ['negative_data_rejection'], '999999 is no rejection');
  const reworded = byId(report, 'negative/getProgress/msgId-missing');
  t.equal(reworded?.status, 'noted');
  t.same(notedChecks(reworded), ['rsp_msg_names_field']);
});

t.test('a request stopped by another documented check is inconclusive, never a pass', async (t) => {
  const report = await driftedRun(t, (a) => {
    if (a.path === '/api/message/user/count' && a.json?.rspCode === '500001') a.json.rspCode = '400002';
  });
  const c = byId(report, 'negative/getUserMessageCount/account-missing');
  t.equal(c?.status, 'inconclusive');
  t.match(c?.reason, /answered 400002 .*before reaching the account rule/);
});

t.test('types inside 5.2.4 and 5.2.6 results are judged as the document gives them (no coercion)', async (t) => {
  const report = await driftedRun(
    t,
    (a) => {
      if (a.path === '/message/getProgress' && a.json?.resultData) a.json.resultData.total = String(a.json.resultData.total);
      if (a.path === '/api/message/user/list' && a.json?.resultData) a.json.resultData.total = String(a.json.resultData.total);
    },
    { mode: 'full', only: ['flow/sendMessageApi', 'positive/getUserMessageList'] },
  );
  t.ok(failedChecks(byId(report, 'flow/sendMessageApi/send-then-progress')).includes('success_schema'), '5.2.4 total "2" is not an Integer');
  t.match(byId(report, 'positive/getUserMessageList/first-page')?.checks.find((c) => c.name === 'success_schema')?.got, /total: string "\d+", expected integer/, '5.2.6 total as a string');
});

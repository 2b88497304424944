// Fidelity to the vendor document, item by item of a line-by-line reading (issue 16): each test
// pins one behaviour the document states, or the decision we took where it is silent.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCli, stopCli } from './helpers/data-files.js';
import { DEMO_APP, getToken, lastDetail, postForm, postJson, request, startTestMock } from './helpers/mock.js';
import { advance, send, userCount, userList } from './helpers/messaging.js';
import { OTHER_APP, TEMPLATES, sendTemplate, templateBody } from './helpers/wechat.js';
import { runProcess } from './helpers/run-process.js';

const BIN = fileURLToPath(new URL('../bin/umc-mock.js', import.meta.url));
const setStatus = (base: string, appId: string, status: string) => postJson(`${base}/__umc/apps/${appId}/status`, { status });
const tokenOf = (base: string) => postForm(`${base}/msg/getThirdAPIToken`, DEMO_APP);

t.test('500002 on 5.3.1 for a token of an app disabled after it was issued; 500003 elsewhere; enabled again it works', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  t.equal((await send(mock.url, token)).json.rspCode, '000000');
  const disabled = await setStatus(mock.url, DEMO_APP.appId, 'disabled');
  t.equal(disabled.status, 200);
  t.match(disabled.json, { appId: DEMO_APP.appId, status: 'disabled', appPassword: '***' });

  t.same((await send(mock.url, token)).json, { rspCode: '500002', rspMsg: '无效的应用ID或密钥；应用为禁用状态', resultData: null }, '表4-1-2: 500002 应用为禁用状态 on 5.3.1');
  t.match(await lastDetail(mock.url), /MSG123456.*禁用/);
  t.equal((await send(mock.url, token, { msgtitle: '' })).json.rspCode, '500002', 'the token is checked before the parameters');
  t.same((await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'x' })).json, { rspCode: '500003', rspMsg: '无效的请求凭证', resultData: null }, 'other operations: 500003 (assumption)');
  t.equal((await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001', title: 't', description: 'd', url: 'https://a.cn' })).json.rspCode, '500003');
  t.equal((await tokenOf(mock.url)).json.rspCode, '500002', 'no new token for a disabled app');

  t.equal((await setStatus(mock.url, DEMO_APP.appId, 'enabled')).json.status, 'enabled');
  t.equal((await send(mock.url, token)).json.rspCode, '000000', 'enabled again, its unexpired token works (assumption)');
  t.equal((await tokenOf(mock.url)).json.rspCode, '000000');
});

t.test('the switch refuses an unknown app or status', async (t) => {
  const mock = await startTestMock(t);
  const unknown = await setStatus(mock.url, 'MSG000000', 'disabled');
  t.equal(unknown.status, 404);
  t.match(unknown.json.error, /MSG000000/);
  const bad = await setStatus(mock.url, DEMO_APP.appId, 'paused');
  t.equal(bad.status, 400);
  t.match(bad.json.error, /status/);
  t.equal((await tokenOf(mock.url)).json.rspCode, '000000', 'nothing changed');
});

function runCli(args: string[]) {
  return runProcess(process.execPath, [BIN, ...args]);
}

t.test('umc-mock app disable|enable flips the switch on a running mock, and --data replays it after a kill -9', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'umc-status-')), 'state.json');
  const first = await startCli(['--data', file]);
  t.teardown(() => void first.child.kill('SIGKILL'));
  const off = await runCli(['app', 'disable', DEMO_APP.appId, '--url', first.url]);
  t.equal(off.code, 0, off.stderr);
  t.match(off.stdout, /MSG123456.*已禁用/);
  t.equal((await tokenOf(first.url)).json.rspCode, '500002');
  await stopCli(first, 'SIGKILL');

  const second = await startCli(['--data', file]);
  t.teardown(() => void second.child.kill('SIGKILL'));
  t.equal((await tokenOf(second.url)).json.rspCode, '500002', 'still disabled after a restart: the change was logged');
  const on = await runCli(['app', 'enable', DEMO_APP.appId, '--url', second.url, '--json']);
  t.equal(on.code, 0, on.stderr);
  t.match(JSON.parse(on.stdout), { appId: DEMO_APP.appId, status: 'enabled' });
  t.equal((await tokenOf(second.url)).json.rspCode, '000000');

  const unknown = await runCli(['app', 'disable', 'MSG000000', '--url', second.url]);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /禁用失败（HTTP 404）/);
  const none = await runCli(['app', 'enable', '--url', second.url]);
  t.equal(none.code, 2);
  t.match(none.stderr, /应用ID/);
  t.notMatch((await request(`${second.url}/__umc/apps`)).text, DEMO_APP.appPassword);
});

t.test('500015 on 5.3.3: the same template todo sent again while the first is still pending', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const todo = templateBody(token, { messageType: '2' });
  const first = await sendTemplate(mock.url, todo);
  t.equal(first.json.rspCode, '000000');
  const again = await sendTemplate(mock.url, { ...todo, data: Object.fromEntries(Object.entries(todo.data as object).reverse()) });
  t.same(again.json, { rspCode: '500015', rspMsg: '重复发送待办/任务消息', debuggerErrorMsg: null, resultData: null }, 'same app, account, template, person and data (keys in another order)');
  t.match(await lastDetail(mock.url), first.json.resultData.messageId);
  t.equal(mock.platform.wechat.state.templateMessages.length, 1, 'nothing sent');

  const data = todo.data as Record<string, { value: string }>;
  const variants: [string, Record<string, unknown>][] = [
    ['a notice', { messageType: '1' }],
    ['another person', { userId: '20230002' }],
    ['other data', { data: { ...data, keyword5: { value: '已转办' } } }],
    ['another template', { templateId: TEMPLATES.grades, data: { keyword1: { value: '高等数学' }, keyword2: { value: '95' }, keyword3: { value: '2026-01-20' } } }],
  ];
  for (const [name, change] of variants) t.equal((await sendTemplate(mock.url, { ...todo, ...change })).json.rspCode, '000000', name);
  mock.platform.app(OTHER_APP.appId)!.channels.push('OfficialAccount');
  const otherApp = await getToken(mock.url, OTHER_APP);
  t.equal((await sendTemplate(mock.url, { ...todo, token: otherApp })).json.rspCode, '000000', 'another app (bound to the same account)');

  const done = await postForm(`${mock.url}/message/checkMessageStatusApi`, { token, msgId: first.json.resultData.messageId, messageType: '2', state: '2' });
  t.equal(done.json.rspCode, '000000');
  t.equal((await sendTemplate(mock.url, todo)).json.rspCode, '000000', 'once done (已办理) it may be sent again');
});

t.test('500012 is a 【…】 signature: a pair in SMS text, not a lone bracket', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const sms = (msgContent: string) => postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent, receivers: '[{"mobile":"13800000001"}]' });
  for (const text of ['【研发部】明天停电', '明天停电【研发部】', '请看【】', '【a【研发部】']) {
    t.same((await sms(text)).json, { rspCode: '500012', rspMsg: '不合法的请求内容', resultData: null }, `5.3.2 ${text}`);
    t.equal((await send(mock.url, token, { sendChannel: 'SMS', msgContent: text })).json.rspCode, '500012', `5.3.1 ${text}`);
  }
  for (const text of ['】后来补充', '注：【 表示开始', '】先后【', '〖研发部〗明天停电']) {
    t.equal((await sms(text)).json.rspCode, '1', `5.3.2 ${text}: no signature`);
    t.equal((await send(mock.url, token, { sendChannel: 'SMS', msgContent: text })).json.rspCode, '000000', `5.3.1 ${text}`);
  }
});

t.test('500013 is 通用: sensitive words in 5.3.3 data values and 5.3.4 title and description', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const body = templateBody(token);
  const data = body.data as Record<string, { value: string }>;
  for (const [field, change] of [
    ['keyword3', { keyword3: { value: '代开发票申领' } }],
    ['first', { first: { value: '关于赌博的警示' } }],
    ['remark', { remark: { value: '刷单返利' } }],
  ] as const) {
    const res = await sendTemplate(mock.url, { ...body, data: { ...data, ...change } });
    t.same(res.json, { rspCode: '500013', rspMsg: '消息具有敏感词汇', debuggerErrorMsg: null, resultData: null }, `5.3.3 ${field}`);
    t.match(await lastDetail(mock.url), `data.${field}.value包含敏感词`);
  }
  t.equal(mock.platform.wechat.state.templateMessages.length, 0, 'no template message sent');
  t.equal((await sendTemplate(mock.url, { ...body, url: 'https://example.edu.cn/赌博' })).json.rspCode, '000000', 'only data values are content');

  const card = { token, userList: '20230001', title: '选课提醒', description: '请于周五前完成选课', url: 'https://jw.example.edu.cn' };
  for (const field of ['title', 'description'] as const) {
    const res = await postJson(`${mock.url}/message/cardMessage`, { ...card, [field]: `${card[field]}，代开发票` });
    t.same(res.json, { rspCode: '500013', rspMsg: '消息具有敏感词汇', resultData: null }, `5.3.4 ${field}`);
    t.match(await lastDetail(mock.url), `${field}包含敏感词`);
  }
  t.equal(mock.platform.wechat.state.cards.length, 0, 'no card sent');
  t.equal((await postJson(`${mock.url}/message/cardMessage`, card)).json.rspCode, '000000');
});

t.test('5.3.3: messageType as a JSON number is accepted as the string; the deprecated pcUrl is accepted whatever its length', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const todo = await sendTemplate(mock.url, templateBody(token, { messageType: 2 }));
  t.equal(todo.json.rspCode, '000000', 'messageType 2 (a number), as Jackson reads it into a String');
  t.equal(mock.platform.wechat.templateMessage(todo.json.resultData.messageId)!.messageType, '2', 'a todo');
  t.equal((await sendTemplate(mock.url, templateBody(token, { messageType: 1, userId: '20230002' }))).json.rspCode, '000000');
  t.equal((await sendTemplate(mock.url, templateBody(token, { messageType: 3 }))).json.rspCode, '500001', 'another number is still refused');
  const long = await sendTemplate(mock.url, templateBody(token, { pcUrl: `https://pc.example.edu.cn/${'x'.repeat(300)}` }));
  t.equal(long.json.rspCode, '000000', 'pcUrl "已经废弃暂不使用": no length is enforced');
});

t.test('servlet error bodies carry China time', async (t) => {
  const mock = await startTestMock(t);
  for (const res of [await request(`${mock.url}/no/such/path`), await request(`${mock.url}/message/getProgress`, { method: 'GET' })]) {
    t.match(res.json.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/, `HTTP ${res.status}`);
    t.ok(Math.abs(Date.parse(res.json.timestamp) - mock.platform.clock.now()) < 5000);
  }
});

t.test('5.3.3 template messages, todos included, stay out of the message center (5.2.5/5.2.6): the decision', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const before = (await userCount(mock.url, token, '20230001')).json.resultData;
  const notice = await sendTemplate(mock.url, templateBody(token));
  const todo = await sendTemplate(mock.url, templateBody(token, { messageType: '2' }));
  t.equal(notice.json.rspCode, '000000');
  t.equal(todo.json.rspCode, '000000');
  await advance(mock.url, 60);
  t.same((await userCount(mock.url, token, '20230001')).json.resultData, before, 'counts unchanged');
  const ids = (await userList(mock.url, token, '20230001', { page: '1', size: '100' })).json.resultData.msglist.map((m: { id: string }) => m.id);
  t.notOk(ids.includes(notice.json.resultData.messageId) || ids.includes(todo.json.resultData.messageId), 'not listed');
  const done = await postForm(`${mock.url}/message/checkMessageStatusApi`, { token, msgId: todo.json.resultData.messageId, messageType: '2', state: '2' });
  t.equal(done.json.rspCode, '000000', 'its state is the template message\'s own, changed by 5.4.1 messageType 2');
  t.same((await userCount(mock.url, token, '20230001')).json.resultData, before, 'and completing it counts nowhere');
  const sent = await send(mock.url, token, { receivers: '[{"userId":"20230001"}]' });
  t.equal(sent.json.rspCode, '000000');
  await advance(mock.url, 60);
  t.equal((await userCount(mock.url, token, '20230001')).json.resultData.total, before.total + 1, 'while a 5.3.1 notice does land there');
});

t.test('the labels: every decision of this reading is an x-umc-assumption', async (t) => {
  const { loadSpec } = await import('../src/spec/load.js');
  const { collectAssumptions, generalAssumptions } = await import('../src/spec/assumptions.js');
  const spec = loadSpec();
  const general = generalAssumptions(spec).join('\n');
  const bySection = new Map(collectAssumptions(spec).map((a) => [a.section, a.notes.join('\n')]));
  for (const phrase of ['rspMsg都是表4-1-2中该码的文字', 'token为空时返回500003', '5.3.1返回500002', 'debuggerErrorMsg总是null', '600020', '+08:00']) t.match(general, phrase, phrase);
  const expected: [string, string][] = [
    ['5.2.5', '400002（接口未开启）在参数校验（500001）之后'],
    ['5.2.5', '5.3.3的模板消息（含模板待办）不进入消息中心'],
    ['5.2.6', 'page从1开始'],
    ['5.2.6', '5.3.3的模板消息（含模板待办）不出现在列表中'],
    ['5.3.1', 'WeChat指企业微信'],
    ['5.3.1', '成对的【…】'],
    ['5.3.3', '500015（表4-1-2列为5.3.1与5.3.3的返回码）'],
    ['5.3.3', 'JSON数字1或2也接受'],
    ['5.3.3', 'pcUrl“已经废弃暂不使用”：接受并忽略'],
    ['5.3.3', '敏感词（500013，表4-1-2中为通用）'],
    ['5.3.4', '敏感词（500013，表4-1-2中为通用）'],
  ];
  for (const [section, phrase] of expected) t.match(bySection.get(section) ?? '', phrase, `${section}: ${phrase}`);
});

t.test('5.2.5/5.2.6: parameters are checked before 400002; 5.2.6 pages from 1 and refuses size over 100 rather than clamping', async (t) => {
  const mock = await startTestMock(t);
  const closed = await getToken(mock.url, OTHER_APP);
  t.equal((await postForm(`${mock.url}/api/message/user/count`, { token: closed })).json.rspCode, '500001', 'no account: 500001 before 400002');
  t.equal((await postForm(`${mock.url}/api/message/user/list`, { token: closed, account: '20230001', page: '0', size: '10' })).json.rspCode, '500001');
  t.equal((await userCount(mock.url, closed, '20230001')).json.rspCode, '400002', 'valid parameters: 400002');
  const token = await getToken(mock.url);
  for (const [page, size] of [['0', '10'], ['1', '101'], ['1', '0']] as const) {
    t.same((await userList(mock.url, token, '20230001', { page, size })).json.rspCode, '500001', `page=${page} size=${size}`);
  }
  t.equal((await userList(mock.url, token, '20230001', { page: '1', size: '100' })).json.rspCode, '000000');
});

t.test('JSON as Jackson binds it to String fields: a number or boolean is its text, null is absent (5.3.3, 5.3.4, receivers)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const body = templateBody(token);
  const data = body.data as Record<string, { value: string }>;
  // value: null is a keyword not given: 600007 names it (it was stored as "" and sent).
  const nullValue = await sendTemplate(mock.url, { ...body, data: { ...data, keyword3: { value: null } } });
  t.same(nullValue.json, { rspCode: '600007', rspMsg: '缺少对应的keyword的参数', debuggerErrorMsg: null, resultData: null }, 'keyword3.value null: missing');
  t.match(await lastDetail(mock.url), 'keyword3');
  t.equal((await sendTemplate(mock.url, { ...body, data: { ...data, keyword3: {} } })).json.rspCode, '600007', 'keyword3 without value: the same');
  t.equal((await sendTemplate(mock.url, { ...body, data: { ...data, keyword3: { value: '' } } })).json.rspCode, '000000', 'an empty string is a value (the decision of 5.3.3)');
  const optional = await sendTemplate(mock.url, { ...body, data: { ...data, first: { value: null }, remark: null, keyword5: { value: 5 } } });
  t.equal(optional.json.rspCode, '000000', 'first and remark null: optional, left out');
  const sent = mock.platform.wechat.templateMessage(optional.json.resultData.messageId)!;
  t.match(sent.text, /当前环节：5\n/, 'keyword5 the number 5 reads "5"');
  t.notMatch(sent.text, /null/, 'no "null" rendered');
  t.equal((await sendTemplate(mock.url, { ...body, url: null })).json.rspCode, '500001', 'url null is a missing url');
  const card = { token, userList: '20230001', title: '选课提醒', description: '请于周五前完成选课', url: 'https://jw.example.edu.cn' };
  t.equal((await postJson(`${mock.url}/message/cardMessage`, { ...card, btnTxt: null })).json.rspCode, '000000', '5.3.4 btnTxt null: the default');
  t.equal(mock.platform.wechat.state.cards.at(-1)!.btnTxt, '详情');
  t.equal((await postJson(`${mock.url}/message/cardMessage?token=${token}`, { ...card, token: null })).json.rspCode, '000000', "a null token in the body leaves the URL's token");

  const receiversOf = (r: unknown) => send(mock.url, token, { receivers: JSON.stringify(r) });
  const typeNull = await receiversOf([{ userId: '20230001', type: null, name: null }]);
  t.equal(typeNull.json.rspCode, '000000', 'receivers: type null is the default User, name null no name');
  const view = await request(`${mock.url}/__umc/messages/${typeNull.json.resultData.msgId}`);
  t.equal(view.json.recipients[0].name, '张三', "name null: the directory's name, not an empty one");
  t.equal((await receiversOf([{ userId: null }])).json.rspMsg, 'receivers[0].userId不能为空', 'userId null: missing');
  t.equal((await receiversOf([{ userId: 20230001 }])).json.rspCode, '000000', 'userId the number 20230001 reads "20230001"');
});

t.test("integer parameters are read as the servlet's Integer.parseInt reads them: no 1.0, no ' 1', no 1e1", async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const replies = (count: string) => postForm(`${mock.url}/message/replyMessage`, { token, count });
  for (const count of ['1.0', ' 1', '1 ', '1e1', '0x10', '+', '2147483648']) {
    t.same((await replies(count)).json, { rspCode: '500001', rspMsg: 'count取值不合法：必须是1到100的整数', resultData: null }, `count=${JSON.stringify(count)}`);
  }
  for (const count of ['1', '+1', '010', '１０']) t.equal((await replies(count)).json.rspCode, '000000', `count=${JSON.stringify(count)}: Integer.parseInt reads it`);
  t.equal((await replies('   ')).json.rspCode, '000000', 'a blank count is absent: the default 100');
  const list = (page: string, size: string) => userList(mock.url, token, '20230001', { page, size });
  t.equal((await list('1', '1e1')).json.rspMsg, 'size取值不合法：必须是1到100的整数', 'size=1e1');
  t.equal((await list('1.0', '10')).json.rspMsg, 'page取值不合法：必须是大于等于1的整数', 'page=1.0');
  t.equal((await list(' 1', '10')).json.rspMsg, 'page取值不合法：必须是大于等于1的整数', 'page= 1');
  t.equal((await list('3000000000', '10')).json.rspMsg, 'page取值不合法：必须是大于等于1的整数', "page past int's range");
  t.equal((await list('2', '10')).json.rspCode, '000000');
});

// The independent platform fixture (test/helpers/independent-platform.ts):
// its main behaviours over HTTP, then each regression's effect in one assertion.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import {
  OTHER_APP,
  startIndependentPlatform,
  type IndependentOptions,
  type IndependentPlatform,
  type Regression,
} from './helpers/independent-platform.js';

interface Answer { status: number; contentType: string; text: string; json: any }
type Params = Record<string, string>;

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/** A client of one platform holding one app's token. */
interface Session {
  p: IndependentPlatform;
  token: string;
  form(path: string, params?: Params): Promise<Answer>;
  json(path: string, body: unknown): Promise<Answer>;
  send(params?: Params): Promise<Answer>;
  waitDelivered(msgId: string): Promise<Answer>;
}

async function formPost(p: IndependentPlatform, path: string, params: Params): Promise<Answer> {
  return answerOf(await fetch(p.url + path, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString(),
  }));
}

async function rawPost(p: IndependentPlatform, path: string, body: string): Promise<Answer> {
  return answerOf(await fetch(p.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
}

async function tokenFor(p: IndependentPlatform, appId: string, appPassword: string): Promise<Answer> {
  return answerOf(await fetch(`${p.url}/msg/getThirdAPIToken?${new URLSearchParams({ appId, appPassword })}`, { method: 'POST' }));
}

async function session(t: Test, options: IndependentOptions = {}, app?: { appId: string; appPassword: string }, shared?: IndependentPlatform): Promise<Session> {
  const p = shared ?? await startIndependentPlatform(t, options);
  const creds = app ?? { appId: p.appId, appPassword: p.appPassword };
  const got = await tokenFor(p, creds.appId, creds.appPassword);
  const token: string = got.json?.resultData?.token ?? 'no-token';
  const s: Session = {
    p, token,
    form: (path, params = {}) => formPost(p, path, { token, ...params }),
    json: (path, body) => rawPost(p, path, JSON.stringify({ token, ...(body as object) })),
    send: (params = {}) => s.form('/message/sendMessageApi', { ...basicSend, ...params }),
    waitDelivered: async (msgId) => {
      for (let i = 0; i < 40; i++) {
        const progress = await s.form('/message/getProgress', { msgId });
        if (progress.json?.resultData?.state === '1') return progress;
        await sleep(50);
      }
      return s.form('/message/getProgress', { msgId });
    },
  };
  return s;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const receivers = (...ids: string[]): string => JSON.stringify(ids.map((userId) => ({ type: 'User', userId })));
const basicSend: Params = {
  msgtitle: '测试通知', msgType: '1', msgContent: '正文', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: receivers('qa001'),
};
const inMinutes = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
const HEX32 = /^[0-9a-f]{32}$/;

t.test('5.1.1 token: POST only, 32 hex, wrong and missing credentials', async (t) => {
  const p = await startIndependentPlatform(t);
  const ok = await tokenFor(p, p.appId, p.appPassword);
  t.equal(ok.contentType, 'application/json;charset=UTF-8');
  t.match(ok.json, { rspCode: '000000', rspMsg: '操作完成' });
  t.match(ok.json.resultData.token, HEX32);
  const get = await fetch(`${p.url}/msg/getThirdAPIToken?appId=${p.appId}&appPassword=${p.appPassword}`);
  t.equal(get.status, 405);
  t.match(get.headers.get('content-type'), /^text\/html/);
  t.equal((await tokenFor(p, p.appId, 'wrong')).json.rspCode, '500002');
  const missing = await answerOf(await fetch(`${p.url}/msg/getThirdAPIToken?appId=${p.appId}`, { method: 'POST' }));
  t.same(missing.json, { rspCode: '500001', rspMsg: '应用秘钥不能为空', resultData: null });
});

t.test('token rules and envelope shape', async (t) => {
  const s = await session(t);
  const noToken = await formPost(s.p, '/message/getPublicList', {});
  t.equal(noToken.json.rspCode, '500001', 'missing token is a missing parameter');
  const unknown = await formPost(s.p, '/message/getPublicList', { token: 'f'.repeat(32) });
  t.same(unknown.json, { rspCode: '500003', rspMsg: '无效的请求凭证', resultData: null }, 'no debuggerErrorMsg on errors');
  const list = await s.form('/message/getPublicList');
  t.same(Object.keys(list.json), ['rspCode', 'rspMsg', 'debuggerErrorMsg', 'resultData']);
  const file = JSON.parse(readFileSync(s.p.receiversFile, 'utf8'));
  t.match(list.json.resultData, [{ appId: s.p.appId, publicId: file.publicId, status: '1' }]);
  const missing404 = await s.form('/message/nothingHere');
  t.same(missing404.json, { status: 404, error: 'Not Found', path: '/message/nothingHere' });
  t.equal(missing404.status, 404);
});

t.test('receivers file', async (t) => {
  const p = await startIndependentPlatform(t);
  const file = JSON.parse(readFileSync(p.receiversFile, 'utf8'));
  t.match(file, {
    users: [{ userId: 'qa001', name: '张测试' }, { userId: 'qa002', name: '李测试' }],
    mobiles: [{ mobile: /^1\d{10}$/ }, { mobile: /^1\d{10}$/ }],
    templateUserId: 'qa001', sendChannel: 'Portal',
  });
});

t.test('5.2.2 templates', async (t) => {
  const s = await session(t);
  const file = JSON.parse(readFileSync(s.p.receiversFile, 'utf8'));
  const list = await s.form('/message/getTemplateList', { publicId: file.publicId });
  t.match(list.json.resultData, [{ template_id: file.templateId, content: /\{\{keyword3\.DATA\}\}/ }]);
  t.equal((await s.form('/message/getTemplateList', { publicId: 'nope' })).json.rspCode, '600000');
  t.equal((await s.form('/message/getTemplateList')).json.rspCode, '600005');
});

t.test('5.2.3 replies: seeded queue, count, deletion', async (t) => {
  const s = await session(t);
  t.equal(s.p.pendingReplies(), 3);
  const two = await s.form('/message/replyMessage', { count: '2' });
  t.equal(two.json.resultData.length, 2);
  t.match(two.json.resultData[0], { user: 'qa001', content: '好的', msgId: HEX32, time: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/ });
  t.equal(s.p.pendingReplies(), 1, 'fetched replies are deleted');
  t.same((await s.form('/message/replyMessage', { count: '101' })).json, { rspCode: '500001', rspMsg: '获取的回复记录数必须是1到100之间的整数', resultData: null });
  t.equal((await s.form('/message/replyMessage', { count: 'abc' })).json.rspCode, '500001');
});

t.test('5.2.3 lenientCount treats a bad count as 100', async (t) => {
  const s = await session(t, { lenientCount: true });
  const all = await s.form('/message/replyMessage', { count: '0' });
  t.equal(all.json.resultData.length, 3);
  t.equal(s.p.pendingReplies(), 0);
});

t.test('5.3.1 send: asynchronous delivery, auto-reply, mailbox', async (t) => {
  const s = await session(t);
  const sent = await s.send({ isReply: '1', receivers: receivers('qa001', 'qa002', 'qa009', 'nobody') });
  t.match(sent.json, {
    rspCode: '000000',
    resultData: { msgId: HEX32, noSubscribeStatus: '1', noSubscribeList: [{ type: 'User', userId: 'qa009', userName: '王退订' }] },
  });
  const msgId: string = sent.json.resultData.msgId;
  t.equal((await s.form('/message/getProgress', { msgId })).json.resultData.state, '0');
  const done = await s.waitDelivered(msgId);
  t.match(done.json.resultData, { total: 4, state: '1', successCount: 2, failCount: 2 });
  t.ok(done.json.resultData.failUserList.some((f: { user: string }) => f.user === 'nobody'));
  await sleep(300);
  t.equal(s.p.pendingReplies(), 4, 'qa001 replied 收到');
  const list = await s.form('/api/message/user/list', { account: 'qa002', page: '1', size: '1' });
  t.match(list.json.resultData.msglist[0], { id: msgId, title: '测试通知', type: '1', state: '2', time: /^\d{4}-\d\d-\d\d \d\d:\d\d$/ });
});

t.test('5.3.1 validation', async (t) => {
  const s = await session(t);
  const code = async (params: Params): Promise<string> => (await s.send(params)).json.rspCode;
  t.equal((await s.send({ msgtitle: 'x'.repeat(101) })).json.rspMsg, '消息标题长度不能超过100');
  t.equal((await s.send({ msgtitle: '' })).json.rspMsg, '消息标题不能为空', 'blank is absent');
  t.equal(await code({ receivers: 'not json' }), '500001');
  t.equal(await code({ sendChannel: 'Fax' }), '500001');
  t.equal(await code({ msgType: '2', msgContent: 'ftp://x' }), '500001');
  t.equal((await s.send({ sendStatus: '2', sendTime: inMinutes(5) })).json.rspMsg, '发送时间必须晚于当前时间10分钟以上');
  t.equal(await code({ sendStatus: '2', sendTime: inMinutes(30) }), '000000');
  t.equal(await code({ sendStatus: '1', sendTime: 'whenever' }), '000000', 'sendTime ignored when sendStatus=1');
  t.equal(await code({ sendChannel: 'Portal,SMS', msgContent: '【研发部】正文' }), '500012');
  t.equal(await code({ sendChannel: 'Portal', msgContent: '【研发部】正文' }), '000000');
  t.equal(await code({ msgContent: '含有敏感词的内容' }), '500013');
  t.equal(await code({ receivers: receivers('qa009') }), '500007');
  t.equal(await code({ sendMsgType: '4' }), '500001', 'todo without waitLink');
  const todo = { sendMsgType: '4', waitLink: 'https://app.invalid/todo/1', msgtitle: '待办一' };
  t.equal(await code(todo), '000000');
  t.equal(await code(todo), '500015');
});

t.test('5.3.2 SMS', async (t) => {
  const s = await session(t);
  const sent = await s.form('/message/sendMessageBySMSApi', {
    msgContent: '验证码 1234', receivers: JSON.stringify([{ name: '甲', mobile: '13800000001' }, { mobile: '12345' }]),
  });
  t.match(sent.json, { rspCode: '1', rspMsg: '操作成功！', resultData: { msgId: HEX32 } });
  const done = await s.waitDelivered(sent.json.resultData.msgId);
  t.same(done.json.resultData.failUserList, [{ user: '12345', cause: '短信发送失败！手机号码格式有误！' }]);
  const signed = await s.form('/message/sendMessageBySMSApi', { msgContent: '【研发部】你好', receivers: JSON.stringify([{ mobile: '13800000001' }]) });
  t.equal(signed.json.rspCode, '500012');
});

t.test('5.2.4 unknown and other app msgIds', async (t) => {
  const s = await session(t);
  const other = await session(t, {}, OTHER_APP, s.p);
  const theirs = await other.send();
  t.equal((await s.form('/message/getProgress', { msgId: theirs.json.resultData.msgId })).json.rspCode, '500005');
  t.equal((await s.form('/message/getProgress', { msgId: 'a'.repeat(32) })).json.rspCode, '500005');
  t.equal((await s.form('/message/getProgress')).json.rspCode, '500001');
});

t.test('5.2.5 / 5.2.6 mailbox', async (t) => {
  const s = await session(t);
  const count = await s.form('/api/message/user/count', { account: 'qa001' });
  t.same(count.json, { rspCode: '000000', rspMsg: '', resultData: { unread: 9, read: 10, checked: 1, todo: 1, processing: 0, initiated: 0, total: 21 } });
  t.match((await s.form('/api/message/user/count', { account: 'qa001', type: '4' })).json.resultData, { total: 2, unread: 0 });
  const page = await s.form('/api/message/user/list', { account: 'qa001', page: '1', size: '10' });
  t.equal(page.json.resultData.total, 21);
  t.equal(page.json.resultData.msglist.length, 10);
  const todos = await s.form('/api/message/user/list', { account: 'qa001', page: '1', size: '10', type: '1' });
  t.match(todos.json.resultData.msglist, [{ type: '4', state: '4' }]);
  const searched = await s.form('/api/message/user/list', { account: 'qa001', page: '1', size: '100', search: '第1' });
  t.equal(searched.json.resultData.total, 8, '第1期 and 第10–16期');
  t.equal((await s.form('/api/message/user/list', { account: 'qa001', page: '1', size: '101' })).json.rspMsg, '每页大小不能超过100');
  t.equal((await s.form('/api/message/user/list', { account: 'qa001', page: '0', size: '10' })).json.rspCode, '500001');
  t.equal((await s.form('/api/message/user/count', {})).json.rspCode, '500001');
});

t.test('5.4.1 todo confirmation', async (t) => {
  const s = await session(t);
  const sent = await s.send({ sendMsgType: '4', waitLink: 'https://app.invalid/todo/2' });
  const msgId: string = sent.json.resultData.msgId;
  t.equal((await s.form('/message/checkMessageStatusApi', { msgId })).json.rspCode, '500008', 'still being delivered');
  await s.waitDelivered(msgId);
  const before = (await s.form('/api/message/user/count', { account: 'qa001', type: '4' })).json.resultData;
  t.same((await s.form('/message/checkMessageStatusApi', { msgId })).json, { rspCode: '000000', rspMsg: '操作完成', resultData: null }, 'state defaults to 2');
  const after = (await s.form('/api/message/user/count', { account: 'qa001', type: '4' })).json.resultData;
  t.same([after.todo, after.checked], [before.todo - 1, before.checked + 1]);
  const notice = await s.send();
  t.equal((await s.form('/message/checkMessageStatusApi', { msgId: notice.json.resultData.msgId })).json.rspCode, '500006');
  t.equal((await s.form('/message/checkMessageStatusApi', { msgId: 'b'.repeat(32) })).json.rspCode, '500005');
  t.equal((await s.form('/message/checkMessageStatusApi', {})).json.rspMsg, '消息ID不能为空');
});

t.test('5.3.3 template send and template todos', async (t) => {
  const s = await session(t);
  const file = JSON.parse(readFileSync(s.p.receiversFile, 'utf8'));
  const data = { keyword1: { value: '请假' }, keyword2: { value: '张测试' }, keyword3: { value: '今天' } };
  const base = { userId: 'qa001', publicId: file.publicId, templateId: file.templateId, messageType: '2', url: 'https://app.invalid/t', data };
  const sent = await s.json('/message/sendTemplateApi', { ...base, pcUrl: 'x'.repeat(600) });
  t.same(sent.json, { rspCode: '000000', rspMsg: '操作完成', debuggerErrorMsg: null, resultData: { messageId: sent.json.resultData.messageId, status: '0', info: '发送成功' } });
  const codes = await Promise.all([
    { ...base, userId: '' }, { ...base, publicId: undefined }, { ...base, data: undefined }, { ...base, data: { keyword1: { value: 'x' } } },
    { ...base, templateId: 'nope' }, { ...base, publicId: 'nope' }, { ...base, userId: 'qa002' },
  ].map(async (body) => (await s.json('/message/sendTemplateApi', body)).json.rspCode));
  t.same(codes, ['600004', '600005', '600006', '600007', '600008', '600000', '600003']);
  t.same((await rawPost(s.p, `/message/sendTemplateApi?token=${s.token}`, '{oops')).json.rspCode, '500001');

  const messageId: string = sent.json.resultData.messageId;
  const confirm = (who: Session, id: string, state: string): Promise<Answer> => who.form('/message/checkMessageStatusApi', { msgId: id, messageType: '2', state });
  t.equal((await confirm(s, messageId, '2')).json.rspCode, '000000');
  t.equal((await confirm(s, messageId, '2')).json.rspCode, '600010');
  const notice = await s.json('/message/sendTemplateApi', { ...base, messageType: '1' });
  t.equal((await confirm(s, notice.json.resultData.messageId, '2')).json.rspCode, '600009');
  const other = await session(t, {}, OTHER_APP, s.p);
  t.equal((await confirm(other, messageId, '1')).json.rspCode, '600023');
  t.equal((await confirm(s, 'c'.repeat(32), '2')).json.rspCode, '500005');
});

t.test('5.3.4 card', async (t) => {
  const s = await session(t);
  const card = { userList: 'qa001｜qa002', title: '标'.repeat(100), description: '描述', url: 'https://app.invalid/c' };
  t.same((await s.json('/message/cardMessage', card)).json, { rspCode: '000000', rspMsg: '操作完成', resultData: null });
  t.equal((await s.json('/message/cardMessage', { ...card, url: 'app.invalid/c' })).json.rspCode, '500001');
  t.equal((await s.json('/message/cardMessage', { ...card, url: 'https://x/' + 'a'.repeat(2048) })).json.rspCode, '500001');
  t.equal((await rawPost(s.p, '/message/cardMessage', '[1,')).json.rspCode, '500001');
});

t.test('reword changes every rspMsg, not the codes', async (t) => {
  const s = await session(t, { reword: true });
  t.same((await s.form('/api/message/user/count', { account: 'qa001' })).json.rspMsg, '成功');
  t.same((await s.send({ msgtitle: '' })).json, { rspCode: '500001', rspMsg: '请求失败[500001]', resultData: null });
});

t.test('requests are recorded', async (t) => {
  const s = await session(t);
  await s.form('/message/replyMessage', { count: '1' });
  t.match(s.p.requests.at(-1), { method: 'POST', path: '/message/replyMessage', contentType: 'application/x-www-form-urlencoded', body: /count=1/ });
});

// ---------------------------------------------------------------------------
// Regressions: each shows in one assertion.
// ---------------------------------------------------------------------------

type RegressionCheck = (s: Session, t: Test) => Promise<void>;

const regressions = {
  'numeric-rspcode': async (s, t) => {
    t.equal((await s.form('/message/getTemplateList', { publicId: 'nope' })).json.rspCode, 600000);
  },
  'number-for-string': async (s, t) => {
    t.equal((await s.form('/message/getPublicList')).json.resultData[0].status, 1);
  },
  'undocumented-code': async (s, t) => {
    t.equal((await s.form('/message/getProgress', { msgId: 'a'.repeat(32) })).json.rspCode, '404001');
  },
  'http-500-on-error': async (s, t) => {
    t.equal((await s.form('/api/message/user/list', { account: 'qa001', page: '1' })).status, 500);
  },
  'accepts-unknown-token': async (s, t) => {
    t.equal((await formPost(s.p, '/message/getPublicList', { token: 'made-up' })).json.rspCode, '000000');
  },
  'missing-param-accepted': async (s, t) => {
    t.match((await s.form('/api/message/user/count')).json, { rspCode: '000000', resultData: { total: 0 } });
  },
  'schedule-not-checked': async (s, t) => {
    t.equal((await s.send({ sendStatus: '2', sendTime: inMinutes(-5) })).json.rspCode, '000000');
  },
  'sms-signature-allowed': async (s, t) => {
    t.equal((await s.send({ sendChannel: 'SMS', msgContent: '【研发部】正文' })).json.rspCode, '000000');
  },
  'card-url-unchecked': async (s, t) => {
    t.equal((await s.json('/message/cardMessage', { userList: 'qa001', title: 't', description: 'd', url: 'ftp://x' })).json.rspCode, '000000');
  },
  'replies-not-deleted': async (s, t) => {
    await s.form('/message/replyMessage');
    t.equal(s.p.pendingReplies(), 3);
  },
  'progress-stuck': async (s, t) => {
    const sent = await s.send();
    await sleep(1000);
    t.equal((await s.form('/message/getProgress', { msgId: sent.json.resultData.msgId })).json.resultData.state, '2');
  },
  'html-error-page': async (s, t) => {
    t.match((await s.form('/api/message/user/list', { account: 'qa001', page: '1' })).contentType, /^text\/html/);
  },
  'token-broken': async (s, t) => {
    t.same((await tokenFor(s.p, s.p.appId, s.p.appPassword)).json, { rspCode: '999999', rspMsg: '系统繁忙', resultData: null });
  },
  'size-ignored': async (s, t) => {
    t.equal((await s.form('/api/message/user/list', { account: 'qa001', page: '1', size: '10' })).json.resultData.msglist.length, 21);
  },
  'todo-count-stale': async (s, t) => {
    const sent = await s.send({ sendMsgType: '4', waitLink: 'https://app.invalid/todo/3' });
    await s.form('/message/checkMessageStatusApi', { msgId: sent.json.resultData.msgId }); // too early: 500008
    await sleep(900);
    await s.form('/message/checkMessageStatusApi', { msgId: sent.json.resultData.msgId });
    t.match((await s.form('/api/message/user/count', { account: 'qa001', type: '4' })).json.resultData, { todo: 2, checked: 1 });
  },
  'malformed-json-500': async (s, t) => {
    const answer = await rawPost(s.p, `/message/sendTemplateApi?token=${s.token}`, '{oops');
    t.match(answer, { status: 500, contentType: /^text\/plain/, text: /at com\.fasterxml|at org\.springframework/ });
  },
} satisfies Partial<Record<Regression, RegressionCheck>>;

// Every regression has its one assertion: the two tables together cover the Regression type.
const releaseRegressions: Record<Exclude<Regression, keyof typeof regressions>, RegressionCheck> = {
  'title-unchecked': async (s, t) => {
    t.equal((await s.send({ msgtitle: 'x'.repeat(101) })).json.rspCode, '000000');
  },
  'token-invalid-500001': async (s, t) => {
    t.match((await formPost(s.p, '/message/getPublicList', { token: 'f'.repeat(32) })).json, { rspCode: '500001', rspMsg: '平台通行凭证无效' });
  },
  'numeric-state': async (s, t) => {
    const sent = await s.send();
    t.equal((await s.form('/message/getProgress', { msgId: sent.json.resultData.msgId })).json.resultData.state, 0);
  },
  'numeric-rspcodes': async (s, t) => {
    t.equal((await s.form('/message/getPublicList')).json.rspCode, 0);
    t.equal((await s.send({ msgtitle: '' })).json.rspCode, 500001);
  },
  'text-html': async (s, t) => {
    t.match(await s.form('/message/getPublicList'), { contentType: 'text/html;charset=UTF-8', json: { rspCode: '000000' } });
  },
  'http-400-errors': async (s, t) => {
    t.match(await s.send({ msgtitle: '' }), { status: 400, json: { rspCode: '500001' } });
    t.equal((await s.form('/message/getPublicList')).status, 200, 'success stays 200');
  },
  'other-rejection-code': async (s, t) => {
    t.match((await s.send({ msgtitle: '' })).json, { rspCode: '500012', rspMsg: '消息标题不能为空' });
  },
  'short-token-lifetime': async (s, t) => {
    t.equal((await s.form('/message/getPublicList')).json.rspCode, '000000', 'the token works at first');
    t.equal(typeof s.token, 'string');
  },
  'echo-password': async (s, t) => {
    const issued = await tokenFor(s.p, s.p.appId, s.p.appPassword);
    t.equal(issued.json.resultData.app.appPassword, s.p.appPassword);
  },
  'login-redirect': async (s, t) => {
    const res = await fetch(`${s.p.url}/message/getPublicList`, { method: 'POST', redirect: 'manual' });
    t.equal(res.status, 302);
    t.match(res.headers.get('location'), /^\/cas\/login\?service=/);
  },
  'gateway-502': async (s, t) => {
    t.match(await s.form('/api/message/user/count', { account: 'qa001' }), { status: 502, contentType: 'text/html', text: /nginx/ });
    t.equal((await s.form('/message/getPublicList')).json.rspCode, '000000', 'other operations answer');
  },
};

t.test('flakyEvery: every Nth request meets a 502 page or a reset connection', async (t) => {
  const p = await startIndependentPlatform(t, { flakyEvery: 2 });
  const outcomes: string[] = [];
  for (let i = 0; i < 4; i++) {
    try {
      outcomes.push(String((await fetch(`${p.url}/message/getPublicList`, { method: 'POST' })).status));
    } catch {
      outcomes.push('reset');
    }
  }
  t.same(outcomes, ['200', '502', '200', 'reset']);
});

t.test('regressions', async (t) => {
  for (const [regression, check] of Object.entries({ ...regressions, ...releaseRegressions })) {
    await t.test(regression, async (t) => check(await session(t, { regression: regression as Regression }), t));
  }
});

// 5.3.4: WeCom text cards: userList splitting, byte-exact truncation, url rules, btnTxt, the WeCom channel.
import t from 'tap';
import type { Scenario } from '../../src/domain/scenario.js';
import { loadScenario } from '../../src/store/scenarios.js';
import { getToken, postJson, request, startTestMock, type TestMock, lastDetail } from '../helpers/mock.js';
import { OTHER_APP } from '../helpers/wechat.js';

function card(mock: TestMock, body: Record<string, unknown>) {
  return postJson(`${mock.url}/message/cardMessage`, body);
}

async function cardBody(mock: TestMock, overrides: Record<string, unknown> = {}) {
  return { token: await getToken(mock.url), userList: '20230001|20230002', title: '通知', description: '<div class="gray">2026年03月01日</div>', url: 'https://www.example.edu.cn/notice/1', ...overrides };
}

function lastCard(mock: TestMock) {
  return mock.platform.wechat.state.cards.at(-1)!;
}

t.test('the document\'s example is accepted: resultData null, no debuggerErrorMsg', async (t) => {
  const mock = await startTestMock(t);
  const res = await card(mock, {
    token: await getToken(mock.url),
    userList: 'test1|test2',
    title: '通知',
    description: '<div class="gray">2021年06月17日</div> <div class="normal">恭喜你获得本次大赛第一</div><div class="highlight">请于2021年06月20日前联系行政同事领取</div>',
    btnTxt: '更多数据',
    url: 'https://www.xxxx.com/s?ie=UTF-8&wd=baidu',
  });
  t.equal(res.status, 200);
  t.equal(res.text, '{"rspCode":"000000","rspMsg":"操作完成","resultData":null}');
  t.match(lastCard(mock), { appId: 'MSG123456', users: [], invalidUsers: ['test1', 'test2'], title: '通知', btnTxt: '更多数据', url: 'https://www.xxxx.com/s?ie=UTF-8&wd=baidu', truncated: { title: false, description: false, btnTxt: false } });
});

t.test('userList splits on | and ｜, trims, drops blanks and repeats; nobody left is 500001', async (t) => {
  const mock = await startTestMock(t);
  const res = await card(mock, await cardBody(mock, { userList: ' 20230001 ｜20230002|| T0001 |20230001｜' }));
  t.equal(res.json.rspCode, '000000');
  t.same(lastCard(mock).users, ['20230001', '20230002', 'T0001']);
  for (const userList of ['|', '｜ ｜', ' | ']) {
    const empty = await card(mock, await cardBody(mock, { userList }));
    t.same(empty.json, { rspCode: '500001', rspMsg: 'userList不能为空：至少需要一个用户账号，多个用|分隔', resultData: null }, JSON.stringify(userList));
  }
  const missing = await card(mock, await cardBody(mock, { userList: '' }));
  t.same(missing.json, { rspCode: '500001', rspMsg: 'userList不能为空', resultData: null });
  t.equal(mock.platform.wechat.state.cards.length, 1);
});

t.test('title is cut to 128 UTF-8 bytes and description to 512, never inside a character', async (t) => {
  const mock = await startTestMock(t);
  await card(mock, await cardBody(mock, { title: 'a'.repeat(128), description: 'b'.repeat(512) }));
  t.match(lastCard(mock), { title: 'a'.repeat(128), description: 'b'.repeat(512), truncated: { title: false, description: false } }, 'exactly at the limits: unchanged');

  const res = await card(mock, await cardBody(mock, { title: 'a' + '通'.repeat(43), description: 'xy' + '知'.repeat(200) }));
  t.equal(res.json.rspCode, '000000', 'over-long text is cut, not refused');
  const cut = lastCard(mock);
  t.equal(cut.title, 'a' + '通'.repeat(42), '1 + 42×3 = 127 bytes; one more character would make 130');
  t.equal(Buffer.byteLength(cut.title), 127);
  t.equal(cut.description, 'xy' + '知'.repeat(170), '2 + 170×3 = 512 bytes');
  t.equal(Buffer.byteLength(cut.description), 512);
  t.same(cut.truncated, { title: true, description: true, btnTxt: false });

  await card(mock, await cardBody(mock, { title: 'ab' + '😀'.repeat(40) }));
  t.equal(lastCard(mock).title, 'ab' + '😀'.repeat(31), '2 + 31×4 = 126 bytes: no half emoji');
});

t.test('url is required, at most 2048 bytes, and must start with http:// or https:// (500001)', async (t) => {
  const mock = await startTestMock(t);
  const base = 'https://www.example.edu.cn/?q=';
  const cases: [string, unknown, string][] = [
    ['missing', undefined, 'url不能为空'],
    ['blank', '  ', 'url不能为空'],
    ['no scheme', 'www.example.edu.cn/notice', 'url必须包含协议头http或https'],
    ['ftp', 'ftp://files.example.edu.cn/a.pdf', 'url必须包含协议头http或https'],
    ['scheme-relative', '//www.example.edu.cn', 'url必须包含协议头http或https'],
    ['2049 bytes', base + 'a'.repeat(2049 - base.length), 'url长度不能超过2048字节'],
    ['2049 bytes of Chinese', base + 'a'.repeat(2046 - base.length) + '汉', 'url长度不能超过2048字节'],
  ];
  for (const [name, url, message] of cases) {
    const res = await card(mock, await cardBody(mock, { url }));
    t.same(res.json, { rspCode: '500001', rspMsg: message, resultData: null }, name);
  }
  t.equal(mock.platform.wechat.state.cards.length, 0);
  for (const url of ['http://a.cn', 'HTTPS://A.CN/x', base + 'a'.repeat(2048 - base.length)]) {
    t.equal((await card(mock, await cardBody(mock, { url }))).json.rspCode, '000000', url.slice(0, 40));
  }
});

t.test('btnTxt defaults to 详情 and is cut to 4 characters', async (t) => {
  const mock = await startTestMock(t);
  await card(mock, await cardBody(mock));
  t.equal(lastCard(mock).btnTxt, '详情', 'absent');
  await card(mock, await cardBody(mock, { btnTxt: ' ' }));
  t.equal(lastCard(mock).btnTxt, '详情', 'blank counts as absent');
  await card(mock, await cardBody(mock, { btnTxt: '查看更多详情' }));
  t.equal(lastCard(mock).btnTxt, '查看更多');
  t.equal(lastCard(mock).truncated.btnTxt, true);
  await card(mock, await cardBody(mock, { btnTxt: 'Open it' }));
  t.equal(lastCard(mock).btnTxt, 'Open');
  await card(mock, await cardBody(mock, { btnTxt: '👍好的呀' }));
  t.equal(lastCard(mock).btnTxt, '👍好的呀', 'an emoji is one character');
});

t.test('500010 when the app has no WeCom (WeChat) channel', async (t) => {
  const mock = await startTestMock(t);
  const res = await card(mock, await cardBody(mock, { token: await getToken(mock.url, OTHER_APP) }));
  t.same(res.json, { rspCode: '500010', rspMsg: '未开通发送渠道的权限', resultData: null });
  t.equal(await lastDetail(mock.url), '应用未开通企业微信（WeChat）渠道');
  t.equal(mock.platform.wechat.state.cards.length, 0);
});

t.test('other required fields name themselves (500001)', async (t) => {
  const mock = await startTestMock(t);
  for (const field of ['title', 'description']) {
    const res = await card(mock, await cardBody(mock, { [field]: undefined }));
    t.same(res.json, { rspCode: '500001', rspMsg: `${field}不能为空`, resultData: null }, field);
  }
});

t.test('people missing from the directory are skipped silently, as WeCom does (assumption)', async (t) => {
  const scenario = loadScenario('default') as Scenario & { people?: unknown };
  scenario.people = [{ userId: '20230001', name: '张三' }, { userId: 'T0001', name: '李老师' }];
  const mock = await startTestMock(t, { scenario });
  const res = await card(mock, await cardBody(mock, { userList: '20230001|ghost|T0001' }));
  t.equal(res.json.rspCode, '000000');
  t.match(lastCard(mock), { users: ['20230001', 'T0001'], invalidUsers: ['ghost'] });
  const nobody = await card(mock, await cardBody(mock, { userList: 'ghost1|ghost2' }));
  t.equal(nobody.json.rspCode, '000000', 'even when nobody is known: the platform only forwards');
  t.same(lastCard(mock).invalidUsers, ['ghost1', 'ghost2']);
});

t.test('cards are recorded for the dev inbox, apart from template messages, and cleared by a reset', async (t) => {
  const mock = await startTestMock(t);
  await card(mock, await cardBody(mock, { title: '停水通知' }));
  const inbox = await request(`${mock.url}/__umc/cards`);
  t.equal(inbox.json.total, 1);
  t.match(inbox.json.items[0], { appId: 'MSG123456', title: '停水通知', users: ['20230001', '20230002'], time: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ });
  t.equal((await request(`${mock.url}/__umc/wechat/messages`)).json.total, 0, 'not a template message');
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.equal((await request(`${mock.url}/__umc/cards`)).json.total, 0);
});

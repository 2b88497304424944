// Scenarios as data: each shipped one shows its defining behaviour; bad fixtures stop start-up precisely.
import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listScenarios, loadScenario } from '../src/store/scenarios.js';
import { getToken, postForm, postJson, request, startTestMock } from './helpers/mock.js';

const BIN = fileURLToPath(new URL('../bin/umc-mock.js', import.meta.url));
const SEND = { msgtitle: '停水通知', msgType: '1', msgContent: '明日9点至12点停水', sendStatus: '1', sendMode: 'normal' };
const SERVICE_ACCOUNT = 'c3cbcaaa-88f4-466c-b7ce-dd7e07f20b75';

async function mockOf(t: { teardown(fn: () => unknown): void }, name: string) {
  const mock = await startTestMock(t, { scenario: loadScenario(name) });
  return { mock, token: await getToken(mock.url) };
}

t.test('the shipped scenarios', async (t) => {
  t.same(listScenarios().map((s) => s.name), ['channel-closed', 'default', 'large-org', 'slow-delivery', 'sms-quota-exhausted', 'sms-quota-nearly-exhausted', 'unsubscribed-users', 'wechat-token-expired']);
  for (const s of listScenarios()) t.ok(s.description, `${s.name} says what it is`);
});

t.test('sms-quota-exhausted: no SMS left, so the first SMS answers 100011', async (t) => {
  const { mock, token } = await mockOf(t, 'sms-quota-exhausted');
  t.same((await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '〖教务处〗通知', receivers: '[{"mobile":"13800000001"}]' })).json, { rspCode: '100011', rspMsg: '发送短信额度不足', resultData: null }, 'one SMS to one person');
  t.equal((await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'SMS', receivers: '[{"userId":"20230001"}]' })).json.rspCode, '100011', '5.3.1 by SMS too');
  t.equal((await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' })).json.rspCode, '000000', 'other channels work');
});

t.test('sms-quota-nearly-exhausted: an SMS send beyond the 3 left answers 100011', async (t) => {
  const { mock, token } = await mockOf(t, 'sms-quota-nearly-exhausted');
  const four = '[{"name":"甲","mobile":"13800000001"},{"name":"乙","mobile":"13800000002"},{"name":"丙","mobile":"13800000003"},{"name":"丁","mobile":"13800000004"}]';
  t.equal((await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '〖教务处〗通知', receivers: four })).json.rspCode, '100011');
  t.equal((await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '〖教务处〗通知', receivers: '[{"mobile":"13800000001"}]' })).json.rspCode, '1', 'within the quota it still sends');
});

t.test('channel-closed: SMS and DingTalk answer 500014', async (t) => {
  const { mock, token } = await mockOf(t, 'channel-closed');
  for (const channel of ['SMS', 'DingTalk']) {
    t.equal((await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: channel, receivers: '[{"userId":"20230001"}]' })).json.rspCode, '500014', channel);
  }
  t.equal((await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' })).json.rspCode, '000000', 'other channels work');
});

t.test('wechat-token-expired: the service account answers 600002', async (t) => {
  const { mock, token } = await mockOf(t, 'wechat-token-expired');
  t.equal((await postForm(`${mock.url}/message/getPublicList?token=${token}`, {})).json.rspCode, '600002');
  t.equal((await postForm(`${mock.url}/message/getTemplateList?token=${token}&publicId=${SERVICE_ACCOUNT}`, {})).json.rspCode, '600002');
});

t.test('unsubscribed-users: they land in noSubscribeList, and all of them is 500007', async (t) => {
  const { mock, token } = await mockOf(t, 'unsubscribed-users');
  const mixed = await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230001","name":"张三"},{"userId":"20230009"}]' });
  t.match(mixed.json.resultData, { noSubscribeStatus: '1', noSubscribeList: [{ type: 'User', userId: '20230001', userName: '张三' }] });
  const all = await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230002"},{"userId":"20230003"}]' });
  t.equal(all.json.rspCode, '500007');
});

t.test('slow-delivery: queued (0), then sending (2), then finished (1) as the clock moves', async (t) => {
  const { mock, token } = await mockOf(t, 'slow-delivery');
  const msgId = (await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' })).json.resultData.msgId;
  const state = async () => (await postForm(`${mock.url}/message/getProgress`, { token, msgId })).json.resultData.state;
  t.equal(await state(), '0', 'queued for 30 s');
  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 40 });
  t.equal(await state(), '2', 'an attempt takes minutes');
  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 600 });
  t.equal(await state(), '1');
});

t.test('large-org: tens of thousands of zh_CN people, identical for the same seed', async (t) => {
  const a = loadScenario('large-org', { seed: 42 });
  const b = loadScenario('large-org', { seed: 42 });
  const c = loadScenario('large-org', { seed: 43 });
  t.ok(a.people!.length >= 30_000, `${a.people!.length} people`);
  t.same(a.people, b.people, 'same seed, same people');
  t.notSame(a.people!.slice(13, 50), c.people!.slice(13, 50), 'another seed, other people');
  t.equal(new Set(a.people!.map((p) => p.userId)).size, a.people!.length, 'userIds are unique');
  t.match(a.people![20]!.name, /^[\u4e00-\u9fa5]{2,4}$/, 'Chinese names');
  const mock = await startTestMock(t, { scenario: a });
  t.equal((await request(`${mock.url}/__umc/users`)).json.total, a.people!.length);
});

t.test('scenarios can be switched at runtime', async (t) => {
  const mock = await startTestMock(t);
  const res = await postJson(`${mock.url}/__umc/scenario`, { name: 'sms-quota-exhausted' });
  t.same(res.json, { loaded: true, scenario: 'sms-quota-exhausted' });
  t.equal((await request(`${mock.url}/__umc/health`)).json.scenario, 'sms-quota-exhausted');
  t.equal((await request(`${mock.url}/__umc/apps`)).json.apps.find((a: any) => a.appId === 'MSG123456').smsQuota, 0, 'exhausted: none left');
  t.match((await request(`${mock.url}/__umc/scenarios`)).json, { current: 'sms-quota-exhausted' });
  const bad = await postJson(`${mock.url}/__umc/scenario`, { name: 'nope' });
  t.equal(bad.status, 400);
  t.match(bad.json.error, /场景不存在：nope/);
});

function scenarioDir(files: Record<string, unknown>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'umc-scn-')), 'broken');
  mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
  return dir;
}

t.test('a malformed fixture stops start-up naming the file, the place and the fault', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ 'scenario.json': { extends: 'default' }, 'apps.json': [{ appId: 'MSG123456', channels: ['Fax'] }] }, /broken[\\/]apps\.json 位置 \/0\/channels\/0：.*取值不合法/],
    [{ 'scenario.json': { extends: 'default' }, 'people.json': [{ userId: 'x' }] }, /people\.json 位置 \/\d+：.*name不能为空/],
    [{ 'scenario.json': { extends: 'default' }, 'delivery.json': { latencyMs: { min: 'fast', max: 1 } } }, /delivery\.json 位置 \/latencyMs\/min：.*必须是整数/],
    [{ 'scenario.json': { extends: 'default' }, 'apps.json': '[{"appId": ' }, /不是合法的JSON：.*apps\.json/],
    [{ 'scenario.json': { extends: 'default' }, 'colours.json': [] }, /未知文件：.*colours\.json/],
    [{ 'scenario.json': { extends: 'nowhere' } }, /场景不存在/],
  ];
  // The starts run side by side (each its own process and folder); each is judged in order below.
  const exits = await Promise.all(
    cases.map(async ([files]) => {
      const child = spawn(process.execPath, [BIN, '--port', '0', '--scenario', scenarioDir(files)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const [code] = await once(child, 'exit');
      return { code, stderr };
    }),
  );
  for (const [i, [files, message]] of cases.entries()) {
    const { code, stderr } = exits[i]!;
    t.equal(code, 1, Object.keys(files).join(','));
    t.match(stderr, message);
    t.notMatch(stderr, /\bat .*:\d+:\d+\)/, 'no stack trace');
  }
});

t.test('an extending scenario patches records by id and keeps the rest', async (t) => {
  const dir = scenarioDir({ 'scenario.json': { extends: 'default', description: 'x' }, 'apps.json': [{ appId: 'MSG200001', interfaces: { userCount: true } }, { appId: 'MSG777777', appPassword: 'abcdefgh', name: '新系统', status: 'enabled', channels: ['Portal'] }] });
  const scenario = loadScenario(dir);
  t.equal(scenario.name, 'broken');
  t.same(scenario.apps.map((a) => a.appId), ['MSG123456', 'MSG200001', 'MSG300001', 'MSG777777']);
  t.match(scenario.apps[1], { name: '教务系统', interfaces: { userCount: true, userList: false } }, 'patched field, others kept');
  t.ok(scenario.people!.length > 0, 'sections it does not touch come from the base');
});

t.test('extends joins lists of plain values: a child\'s sensitive words add to the parent\'s', async (t) => {
  const base = loadScenario('default').sensitiveWords!;
  const scenario = loadScenario(scenarioDir({ 'scenario.json': { extends: 'default' }, 'sensitive-words.json': ['内部资料', base[0]] }));
  t.same(scenario.sensitiveWords, [...base, '内部资料'], 'the parent\'s words kept, the new one added once');
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  for (const word of [base[1]!, '内部资料']) {
    const sent = await postForm(`${mock.url}/message/sendMessageApi`, { ...SEND, token, msgContent: `通知：${word}`, sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' });
    t.equal(sent.json.rspCode, '500013', word);
  }
});

t.test('a fixture error speaks of the file, not of a request body, and names the record it is in', async (t) => {
  const whole = scenarioDir({ 'scenario.json': { extends: 'default' }, 'sensitive-words.json': { words: ['x'] } });
  t.throws(() => loadScenario(whole), /sensitive-words\.json 位置 \/：文件内容/);
  t.throws(() => loadScenario(whole), { message: /^(?!.*请求体)/ });
  const record = scenarioDir({ 'scenario.json': { extends: 'default' }, 'people.json': [{ userId: 'x' }] });
  t.throws(() => loadScenario(record), /people\.json 位置 \/\d+：.*name不能为空（userId为x的记录）/);
});

t.test('a scenario loaded at runtime generates its people from the run\'s --seed', async (t) => {
  const mock = await startTestMock(t, { seed: 42 });
  await postJson(`${mock.url}/__umc/scenario`, { name: 'large-org' });
  const users = (await request(`${mock.url}/__umc/users`)).json.users;
  const expected = loadScenario('large-org', { seed: 42 }).people!;
  t.same(users.slice(20, 25).map((u: any) => [u.userId, u.name]), expected.slice(20, 25).map((p) => [p.userId, p.name]));
});

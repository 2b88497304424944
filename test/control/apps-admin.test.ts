// The back office: create an app from an application form, get the receipt, use it at once.
import t from 'tap';
import { getToken, postForm, request, startTestMock } from '../helpers/mock.js';

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

t.test('POST /__umc/apps returns a receipt whose credentials work', async (t) => {
  const mock = await startTestMock(t);
  const res = await postJson(`${mock.url}/__umc/apps`, { name: '迎新系统', channels: ['Portal', 'SMS'], interfaces: { userList: true } });
  t.equal(res.status, 200);
  t.match(res.json, { apiDomain: mock.url, appId: /^MSG\d+$/, appPassword: /^[A-Za-z0-9+/]{43}$/ });
  const token = await getToken(mock.url, { appId: res.json.appId, appPassword: res.json.appPassword });
  t.equal(token.length, 36);
  const listed = await request(`${mock.url}/__umc/apps`);
  const created = listed.json.apps.find((a: any) => a.appId === res.json.appId);
  t.match(created, { name: '迎新系统', channels: ['Portal', 'SMS'], interfaces: { userCount: false, userList: true }, appPassword: '***' });
  t.notMatch(listed.text, res.json.appPassword, 'the list never shows a password');
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.equal((await postForm(`${mock.url}/msg/getThirdAPIToken`, { appId: res.json.appId, appPassword: res.json.appPassword })).json.rspCode, '500002', 'gone after reset');
});

t.test('a bad application form is refused, naming the field', async (t) => {
  const mock = await startTestMock(t);
  const cases: [unknown, RegExp][] = [
    [{ channels: ['Portal'] }, /name不能为空/],
    [{ name: 'x' }, /channels不能为空/],
    [{ name: 'x', channels: ['Fax'] }, /channels\[0\]/],
    [{ name: 'x', channels: ['Portal'], ipWhitelist: ['not-an-ip'] }, /ipWhitelist\[0\]/],
    [{ name: 'x', channels: ['Portal'], color: 'red' }, /color/],
  ];
  for (const [form, message] of cases) {
    const res = await postJson(`${mock.url}/__umc/apps`, form);
    t.equal(res.status, 400, JSON.stringify(form));
    t.match(res.json.error, message);
  }
});

t.test('with an admin token every control call needs it', async (t) => {
  const mock = await startTestMock(t, { adminToken: 's3cret-admin' });
  t.equal((await request(`${mock.url}/__umc/health`)).status, 401, 'health too: nothing of the control plane is open beyond loopback');
  t.equal((await request(`${mock.url}/__umc/health`, { headers: { authorization: 'Bearer s3cret-admin' } })).status, 200);
  const refused = await request(`${mock.url}/__umc/clock`);
  t.equal(refused.status, 401);
  t.match(refused.json.error, /管理令牌/);
  t.equal((await request(`${mock.url}/__umc/clock`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  t.equal((await request(`${mock.url}/__umc/clock`, { headers: { authorization: 'Bearer s3cret-admin' } })).status, 200);
  t.equal((await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'x-umc-admin-token': 's3cret-admin', 'content-type': 'application/json' } })).status, 200);
  t.equal((await postJson(`${mock.url}/__umc/apps`, { name: 'x', channels: ['Portal'] })).status, 401);
  t.equal((await getToken(mock.url)).length, 36, 'the business API does not need it');
});

t.test('the clock can be set to a China time or an ISO instant', async (t) => {
  const mock = await startTestMock(t);
  const china = await postJson(`${mock.url}/__umc/clock`, { set: '2030-01-01 08:00:00' });
  t.equal(china.status, 200);
  t.equal(china.json.chinaTime.slice(0, 16), '2030-01-01 08:00');
  t.equal(china.json.now.slice(0, 16), '2030-01-01T00:00');
  const iso = await postJson(`${mock.url}/__umc/clock`, { set: '2031-06-01T00:00:00Z' });
  t.equal(iso.json.now.slice(0, 16), '2031-06-01T00:00');
  const bad = await postJson(`${mock.url}/__umc/clock`, { set: 'tomorrow' });
  t.equal(bad.status, 400);
  t.match(bad.json.error, /set不是合法的时间/);
  t.equal((await postJson(`${mock.url}/__umc/clock`, { set: '2030-01-01 08:00:00', advanceSeconds: 1 })).status, 400, 'one or the other');
});

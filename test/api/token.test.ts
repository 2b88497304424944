// 5.1.1: every code the token operation can return, tokens on GET and POST, expiry on the clock.
import t from 'tap';
import { loadScenario } from '../../src/store/scenarios.js';
import { DEMO_APP, getToken, postForm, request, startTestMock, lastDetail } from '../helpers/mock.js';

const TOKEN_PATH = '/msg/getThirdAPIToken';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An operation that needs a token: 500003 means the token was refused, anything else that it passed. */
async function tokenAccepted(base: string, token: string): Promise<boolean> {
  const res = await postForm(`${base}/message/replyMessage`, { token });
  return res.json.rspCode !== '500003';
}

t.test('a token fetched by GET and one fetched by POST both work', async (t) => {
  const mock = await startTestMock(t);
  const byGet = await request(`${mock.url}${TOKEN_PATH}?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`);
  t.equal(byGet.status, 200);
  t.equal(byGet.json.rspCode, '000000');
  t.equal(byGet.json.rspMsg, '操作完成');
  t.match(byGet.json.resultData.token, UUID_V4);
  t.match(byGet.text, /^\{"rspCode":"000000","rspMsg":"操作完成","resultData":\{"token":"/, 'compact JSON that substring-searching clients can read');
  t.equal(byGet.contentType, 'application/json;charset=UTF-8');

  const byPost = await request(`${mock.url}${TOKEN_PATH}?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`, { method: 'POST' });
  t.equal(byPost.json.rspCode, '000000');
  t.not(byPost.json.resultData.token, byGet.json.resultData.token);

  const byForm = await postForm(`${mock.url}${TOKEN_PATH}`, DEMO_APP);
  t.equal(byForm.json.rspCode, '000000', 'form body parameters are merged like query parameters');

  for (const token of [byGet.json.resultData.token, byPost.json.resultData.token, byForm.json.resultData.token]) {
    t.ok(await tokenAccepted(mock.url, token), 'several tokens of one app are valid at once');
  }
});

t.test('500001 names the missing parameter', async (t) => {
  const mock = await startTestMock(t);
  const noId = await request(`${mock.url}${TOKEN_PATH}?appPassword=${DEMO_APP.appPassword}`);
  t.same(noId.json, { rspCode: '500001', rspMsg: 'appId不能为空', resultData: null });
  const noPassword = await request(`${mock.url}${TOKEN_PATH}?appId=${DEMO_APP.appId}&appPassword=`);
  t.same(noPassword.json, { rspCode: '500001', rspMsg: 'appPassword不能为空', resultData: null });
});

t.test('500002 for an unknown app, a wrong password and a disabled app', async (t) => {
  const mock = await startTestMock(t);
  const cases = {
    'unknown app': { appId: 'MSG999999', appPassword: DEMO_APP.appPassword },
    'wrong password': { appId: DEMO_APP.appId, appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWX' },
    'password of another app': { appId: DEMO_APP.appId, appPassword: 'OGYxNGU0NWZjZWVhMTY3YTVhMzZkZWRkNGJlYTI1NDM' },
    'disabled app': { appId: 'MSG300001', appPassword: 'YzlmMGY4OTVmYjk4YWI5MTU5ZjUxZmQwMjk3ZTIzNmQ' },
  };
  for (const [name, creds] of Object.entries(cases)) {
    const res = await request(`${mock.url}${TOKEN_PATH}?${new URLSearchParams(creds)}`);
    t.equal(res.json.rspCode, '500002', name);
    t.equal(res.json.resultData, null, name);
    t.notMatch(res.text, creds.appPassword, `${name}: the password is not echoed`);
  }
  const disabled = await request(`${mock.url}${TOKEN_PATH}?${new URLSearchParams(cases['disabled app'])}`);
  t.equal(disabled.json.rspMsg, '无效的应用ID或密钥；应用为禁用状态', 'the table text, one message for the code');
  t.equal(await lastDetail(mock.url), '应用MSG300001为禁用状态');
});

t.test('500002 for a caller outside the app IP whitelist (assumption)', async (t) => {
  const scenario = loadScenario('default');
  scenario.apps[0]!.ipWhitelist = ['10.20.30.40'];
  scenario.apps[1]!.ipWhitelist = ['10.20.30.40', '127.0.0.1'];
  const mock = await startTestMock(t, { scenario });
  const outside = await request(`${mock.url}${TOKEN_PATH}?${new URLSearchParams(DEMO_APP)}`);
  t.equal(outside.json.rspCode, '500002');
  t.equal(outside.json.rspMsg, '无效的应用ID或密钥；应用为禁用状态');
  t.match(await lastDetail(mock.url), /IP白名单/);
  const inside = await request(`${mock.url}${TOKEN_PATH}?appId=MSG200001&appPassword=OGYxNGU0NWZjZWVhMTY3YTVhMzZkZWRkNGJlYTI1NDM`);
  t.equal(inside.json.rspCode, '000000', 'a listed address is let in');
});

t.test('tokens expire after 7200 s of platform time', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const clock = (seconds: number) =>
    request(`${mock.url}/__umc/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
  await clock(7199);
  t.ok(await tokenAccepted(mock.url, token), 'still valid at 7199 s');
  await clock(2);
  const res = await postForm(`${mock.url}/message/replyMessage`, { token });
  t.same(res.json, { rspCode: '500003', rspMsg: '无效的请求凭证', resultData: null }, 'expired at 7201 s');
  t.ok(await tokenAccepted(mock.url, await getToken(mock.url)), 'a fresh token works again');
});

t.test('500003 for a missing, unknown or malformed token on every other operation', async (t) => {
  const mock = await startTestMock(t);
  const { loadSpec } = await import('../../src/spec/load.js');
  for (const op of loadSpec().operations.filter((o) => o.needsToken)) {
    const send = (token?: string) =>
      op.bodyKind === 'json'
        ? request(`${mock.url}${op.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(token === undefined ? {} : { token }) })
        : postForm(`${mock.url}${op.path}`, token === undefined ? {} : { token });
    const missing = await send();
    t.equal(missing.json.rspCode, '500003', `${op.operationId}: no token`);
    t.equal(missing.json.rspMsg, '无效的请求凭证', `${op.operationId}: the table text`);
    t.match(await lastDetail(mock.url), /token不能为空/, `${op.operationId}: the journal names token`);
    t.equal((await send('86988ae9-077c-4a3f-807d-39840403efc3')).json.rspCode, '500003', `${op.operationId}: unknown token`);
    t.equal((await send('garbage\u0000<script>')).json.rspCode, '500003', `${op.operationId}: garbage token`);
  }
});

t.test('an app disabled after its token was issued can no longer call (assumption)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  mock.platform.app(DEMO_APP.appId)!.status = 'disabled';
  t.notOk(await tokenAccepted(mock.url, token));
});

// The request journal: every API call with operation, app, masked parameters, rspCode and duration.
import t from 'tap';
import { DEMO_APP, getToken, postForm, request, startTestMock } from '../helpers/mock.js';

t.test("a refusal's detail is in the journal, not in rspMsg (which is the table's text)", async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'no-such-msg' });
  t.same(res.json, { rspCode: '500005', rspMsg: '无效的 msgId 参数', resultData: null });
  const [entry] = (await request(`${mock.url}/__umc/requests?limit=1`)).json.requests;
  t.match(entry, { rspCode: '500005', rspMsg: '无效的 msgId 参数', detail: /msgId不存在.*no-such-msg/ });
  await postForm(`${mock.url}/message/getProgress`, { token });
  const [validation] = (await request(`${mock.url}/__umc/requests?limit=1`)).json.requests;
  t.match(validation, { rspCode: '500001', rspMsg: 'msgId不能为空' });
  t.notOk('detail' in validation, '500001 says it all in rspMsg');
  const wrong = await request(`${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=not-the-password`);
  t.equal(wrong.json.rspMsg, '无效的应用ID或密钥；应用为禁用状态');
  const [tokenEntry] = (await request(`${mock.url}/__umc/requests?limit=1`)).json.requests;
  t.equal(tokenEntry.detail, '应用ID不存在或应用秘钥错误');
  t.notMatch(JSON.stringify(tokenEntry), 'not-the-password', 'the detail never carries the secret');
});

t.test('records each call, masks secrets, newest first, filterable and clearable', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await postForm(`${mock.url}/message/sendMessageApi`, { token, msgtitle: '' });
  await request(`${mock.url}/no/such/path`);
  const all = await request(`${mock.url}/__umc/requests`);
  t.equal(all.status, 200);
  const [notFound, send, tokenCall] = all.json.requests;
  t.match(notFound, { path: '/no/such/path', httpStatus: 404, operationId: null, rspCode: null });
  t.match(send, { operationId: 'sendMessageApi', section: '5.3.1', appId: 'MSG123456', httpStatus: 200, rspCode: '500001', rspMsg: 'msgtitle不能为空' });
  t.equal(send.params.token, '***', 'token masked');
  t.type(send.durationMs, 'number');
  t.match(tokenCall, { operationId: 'getThirdAPITokenByGet', appId: 'MSG123456', rspCode: '000000' });
  t.equal(tokenCall.params.appPassword, '***', 'appPassword masked');
  t.notMatch(all.text, token, 'the token never appears in the journal');
  t.notMatch(all.text, DEMO_APP.appPassword, 'nor the appPassword');

  const filtered = await request(`${mock.url}/__umc/requests?operationId=sendMessageApi`);
  t.same(filtered.json.requests.map((r: any) => r.operationId), ['sendMessageApi']);
  t.equal((await request(`${mock.url}/__umc/requests?rspCode=000000`)).json.total, 1);
  t.equal((await request(`${mock.url}/__umc/requests?afterId=${send.id}`)).json.total, 1, 'afterId lets a test read only what came after');
  t.equal((await request(`${mock.url}/__umc/requests?limit=abc`)).status, 400);

  const cleared = await request(`${mock.url}/__umc/requests`, { method: 'DELETE' });
  t.same(cleared.json, { cleared: 3 });
  t.equal((await request(`${mock.url}/__umc/requests`)).json.total, 0);
  t.equal((await request(`${mock.url}/__umc/clock`)).status, 200);
  t.equal((await request(`${mock.url}/__umc/requests`)).json.total, 0, 'control calls are not journalled');
});

t.test('bounded: a flood of calls keeps only the newest entries, each of bounded size', async (t) => {
  const mock = await startTestMock(t, { journalSize: 20 });
  for (let i = 0; i < 50; i++) await postForm(`${mock.url}/msg/getThirdAPIToken`, { appId: `MSG${i}`, appPassword: 'x' });
  await postForm(`${mock.url}/message/replyMessage`, { token: 'x', junk: 'y'.repeat(100_000) });
  const res = await request(`${mock.url}/__umc/requests`);
  t.equal(res.json.total, 20);
  t.equal(res.json.capacity, 20);
  t.ok(res.text.length < 20_000, `100 KB parameters are cut in the journal (${res.text.length} bytes for 20 entries)`);
});

// Fault injection: force an rspCode, add latency, answer an HTTP error, drop the connection, return malformed JSON.
import t from 'tap';
import { getToken, postForm, request, startTestMock } from '../helpers/mock.js';

const addFault = (base: string, rule: unknown) =>
  request(`${base}/__umc/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });

t.test('a forced rspCode for N calls of one operation, then normal again', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const rule = await addFault(mock.url, { operationId: 'replyMessage', rspCode: '500003', times: 2 });
  t.equal(rule.status, 200);
  t.match(rule.json, { id: /^fault-/, operationId: 'replyMessage', action: { type: 'rspCode', rspCode: '500003' }, remaining: 2 });
  for (let i = 0; i < 2; i++) t.same((await postForm(`${mock.url}/message/replyMessage`, { token })).json, { rspCode: '500003', rspMsg: '无效的请求凭证', resultData: null });
  t.equal((await postForm(`${mock.url}/message/replyMessage`, { token })).json.rspCode, '000000', 'the third call is normal again');
  t.equal((await getToken(mock.url)).length, 36, 'other operations untouched');
  const journal = await request(`${mock.url}/__umc/requests?operationId=replyMessage`);
  t.equal(journal.json.requests.filter((r: any) => r.faultId === rule.json.id).length, 2, 'the journal says which rule fired');
});

t.test('a forced code keeps the operation envelope (debuggerErrorMsg) and a custom message', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await addFault(mock.url, { operationId: 'getPublicList', rspCode: '600002', rspMsg: '公众号TOKEN失效（模拟）' });
  const res = await postForm(`${mock.url}/message/getPublicList?token=${token}`, {});
  t.same(res.json, { rspCode: '600002', rspMsg: '公众号TOKEN失效（模拟）', debuggerErrorMsg: null, resultData: null });
});

t.test('scoped to one app', async (t) => {
  const mock = await startTestMock(t);
  const demo = await getToken(mock.url);
  const other = await getToken(mock.url, { appId: 'MSG200001', appPassword: 'OGYxNGU0NWZjZWVhMTY3YTVhMzZkZWRkNGJlYTI1NDM' });
  await addFault(mock.url, { operationId: '*', appId: 'MSG200001', rspCode: '999999', rspMsg: '模拟故障' });
  t.equal((await postForm(`${mock.url}/message/replyMessage`, { token: other })).json.rspMsg, '模拟故障');
  t.equal((await postForm(`${mock.url}/message/replyMessage`, { token: demo })).json.rspCode, '000000', 'another app is untouched');
});

t.test('latency delays, then answers normally', async (t) => {
  const mock = await startTestMock(t);
  await addFault(mock.url, { operationId: 'getThirdAPITokenByGet', latencyMs: 300, times: 1 });
  const started = performance.now();
  t.equal((await getToken(mock.url)).length, 36);
  t.ok(performance.now() - started >= 290, 'took at least the injected latency');
});

t.test('HTTP status, dropped connection and malformed JSON', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await addFault(mock.url, { operationId: 'getProgress', httpStatus: 502, times: 1 });
  t.equal((await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'x' })).status, 502);
  await addFault(mock.url, { operationId: 'getProgress', drop: true, times: 1 });
  await t.rejects(fetch(`${mock.url}/message/getProgress`, { method: 'POST', body: `token=${token}` }), 'the connection is dropped');
  await addFault(mock.url, { operationId: 'getProgress', malformed: true, times: 1 });
  const malformed = await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'x' });
  t.equal(malformed.status, 200);
  t.equal(malformed.json, undefined, 'the body is not valid JSON');
  t.match(malformed.text, /^\{"rspCode"/);
  const journal = await request(`${mock.url}/__umc/requests?operationId=getProgress`);
  t.same(journal.json.requests.map((r: any) => r.httpStatus), [200, 0, 502], 'each recorded, the drop as status 0');
  t.equal((await getToken(mock.url)).length, 36, 'the server keeps serving');
});

t.test('probability with a seed repeats the same pattern', async (t) => {
  const pattern = async () => {
    const mock = await startTestMock(t, { seed: 99 });
    await addFault(mock.url, { operationId: 'getThirdAPITokenByGet', rspCode: '999999', probability: 0.5 });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push((await request(`${mock.url}/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY`)).json.rspCode);
    await mock.close();
    return codes.join(',');
  };
  const first = await pattern();
  t.match(first, /999999/);
  t.match(first, /000000/);
  t.equal(await pattern(), first);
});

t.test('list, remove, clear; reset clears faults', async (t) => {
  const mock = await startTestMock(t);
  const a = await addFault(mock.url, { operationId: '*', latencyMs: 1 });
  await addFault(mock.url, { operationId: '*', latencyMs: 2 });
  t.equal((await request(`${mock.url}/__umc/faults`)).json.faults.length, 2);
  t.same((await request(`${mock.url}/__umc/faults/${a.json.id}`, { method: 'DELETE' })).json, { removed: a.json.id });
  t.equal((await request(`${mock.url}/__umc/faults/${a.json.id}`, { method: 'DELETE' })).status, 404);
  t.same((await request(`${mock.url}/__umc/faults`, { method: 'DELETE' })).json, { cleared: 1 });
  await addFault(mock.url, { operationId: '*', latencyMs: 1 });
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.same((await request(`${mock.url}/__umc/faults`)).json.faults, []);
});

t.test('bad fault rules are refused with a message naming the problem', async (t) => {
  const mock = await startTestMock(t);
  const cases: [unknown, RegExp][] = [
    [{ operationId: 'nope', rspCode: '999999' }, /operationId不存在/],
    [{ operationId: '*', rspCode: '123456' }, /返回码表/],
    [{ operationId: '*' }, /只能有一个效果/],
    [{ operationId: '*', drop: true, malformed: true }, /只能有一个效果/],
    [{ operationId: '*', latencyMs: -1 }, /./],
    [{ operationId: '*', drop: true, probability: 2 }, /./],
    [{ operationId: '*', drop: true, extra: 1 }, /./],
  ];
  for (const [rule, message] of cases) {
    const res = await addFault(mock.url, rule);
    t.equal(res.status, 400, JSON.stringify(rule));
    t.match(res.json.error, message);
  }
  t.same((await request(`${mock.url}/__umc/faults`)).json.faults, []);
});

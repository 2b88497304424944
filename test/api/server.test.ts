// How the server meets HTTP: servlet 404/405, envelopes for every kind of broken request, compact JSON.
import t from 'tap';
import { DEMO_APP, getToken, postForm, postJson, request, startTestMock, lastDetail } from '../helpers/mock.js';

t.test('an unknown path answers HTTP 404 with the servlet framework body, not the envelope', async (t) => {
  const mock = await startTestMock(t);
  const res = await request(`${mock.url}/message/noSuchApi?token=abc`);
  t.equal(res.status, 404);
  t.match(res.json, { status: 404, error: 'Not Found', path: '/message/noSuchApi' });
  t.match(res.json.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/, 'China time, like every wall-clock value (assumption)');
  t.ok(Math.abs(Date.parse(res.json.timestamp) - mock.platform.clock.now()) < 5000, 'the platform clock');
  t.notOk('rspCode' in res.json);
  t.notMatch(res.text, 'token=abc', 'the query string is not echoed');
});

t.test('the Date header follows the platform clock, as the answer\'s own times do', async (t) => {
  const mock = await startTestMock(t);
  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 7201 });
  const platformNow = mock.platform.clock.now();
  t.ok(platformNow - Date.now() > 7000_000, 'the platform clock is two hours ahead of the host');
  const dateOf = async (url: string, init?: RequestInit) => Date.parse((await fetch(url, init)).headers.get('date') ?? '');
  const near = (at: number, label: string) => t.ok(Math.abs(at - mock.platform.clock.now()) < 5000, `${label}: ${new Date(at).toISOString()}`);
  near(await dateOf(`${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`), 'an answer');
  near(await dateOf(`${mock.url}/message/getProgress`, { method: 'POST', body: 'token=x' }), 'a refusal');
  near(await dateOf(`${mock.url}/no/such/path`), 'HTTP 404');
  near(await dateOf(`${mock.url}/message/getProgress`), 'HTTP 405');
  t.ok(Math.abs((await dateOf(`${mock.url}/__umc/health`)) - Date.now()) < 5000, "the control plane (the mock's own API) keeps the host's clock");
  const res = await fetch(`${mock.url}/no/such/path`);
  const gap = Date.parse(((await res.json()) as { timestamp: string }).timestamp) - Date.parse(res.headers.get('date')!);
  t.ok(gap >= 0 && gap < 2000, `the 404 body's timestamp and the Date header agree (the header is to the second): ${gap} ms`);
});

t.test('a wrong method answers HTTP 405 the same way, with Allow', async (t) => {
  const mock = await startTestMock(t);
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    const res = await fetch(`${mock.url}/message/sendMessageApi`, { method });
    const body = await res.json();
    t.equal(res.status, 405, method);
    t.equal(res.headers.get('allow'), 'POST');
    t.match(body, { status: 405, error: 'Method Not Allowed', path: '/message/sendMessageApi' });
  }
  const tokenPut = await fetch(`${mock.url}/msg/getThirdAPIToken`, { method: 'PUT' });
  t.equal(tokenPut.status, 405);
  t.match(tokenPut.headers.get('allow'), /GET/);
  t.match(tokenPut.headers.get('allow'), /POST/);
});

t.test('hand-built form bodies are read as a servlet container reads them', async (t) => {
  const mock = await startTestMock(t);
  // Raw brackets, quotes, braces, colons and spaces, unescaped, as real clients send them.
  const raw = `appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}&receivers=[{"name": "张三","mobile":"18612345678"}]&msgType=1`;
  const res = await postForm(`${mock.url}/msg/getThirdAPIToken`, raw);
  t.equal(res.json.rspCode, '000000');
  const first = await postForm(`${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}`, `appId=MSG999999&appPassword=${DEMO_APP.appPassword}`);
  t.equal(first.json.rspCode, '000000', 'the query value comes first, as getParameter returns it');
  const token = await getToken(mock.url);
  const plusIsSpace = await postForm(`${mock.url}/message/sendMessageApi`, `token=${token}&msgtitle=${'a+'.repeat(51)}`);
  t.equal(plusIsSpace.json.rspMsg, 'msgtitle长度不能超过100', '+ decodes to a space (102 characters)');
});

t.test('validation answers 500001 naming the field and the rule', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const send = (fields: Record<string, string>) => postForm(`${mock.url}/message/sendMessageApi`, { token, ...fields });
  const valid = { msgtitle: '通知', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: '[{"userId":"20230001"}]' };
  t.same((await send({ ...valid, msgtitle: '' })).json, { rspCode: '500001', rspMsg: 'msgtitle不能为空', resultData: null }, 'blank counts as absent');
  t.equal((await send({ ...valid, msgtitle: '标'.repeat(101) })).json.rspMsg, 'msgtitle长度不能超过100');
  t.equal((await send({ ...valid, msgtitle: '标'.repeat(100), msgType: '3' })).json.rspMsg, 'msgType取值不合法：可选0（图文）、1（文字）、2（外链）');
  t.equal((await send({ ...valid, msgType: '2', msgContent: 'ftp://example.com' })).json.rspMsg, 'msgType为2（外链）时msgContent必须是http或https地址');
  t.equal((await send({ ...valid, sendStatus: '2' })).json.rspMsg, 'sendStatus为2（定时消息）时sendTime不能为空');
  t.equal((await send({ ...valid, sendChannel: 'Fax' })).json.rspCode, '500001');
  t.match((await send({ ...valid, sendChannel: 'Fax' })).json.rspMsg, /^sendChannel/);
  t.match((await send({ ...valid, receivers: '[{"userId": "1",}' })).json.rspMsg, /^receivers不是合法的JSON/);
  t.equal((await send({ ...valid, receivers: '[{"name":"张三"}]' })).json.rspMsg, 'receivers[0].userId不能为空');
  t.equal((await send({ ...valid, receivers: '[]' })).json.rspMsg, 'receivers不能为空数组');
  t.equal((await send({ ...valid, sendMsgType: '4' })).json.rspMsg, 'sendMsgType为4（待办）时waitLink不能为空');
  const count = (value: string) => postForm(`${mock.url}/message/replyMessage`, { token, count: value });
  for (const bad of ['abc', '0', '101', '1.5']) t.equal((await count(bad)).json.rspMsg, 'count取值不合法：必须是1到100的整数', `count=${bad}`);
});

t.test('a bad token wins over bad parameters, as the platform checks the token first', async (t) => {
  const mock = await startTestMock(t);
  const res = await postForm(`${mock.url}/message/sendMessageApi`, { token: 'nope', msgtitle: '' });
  t.equal(res.json.rspCode, '500003');
});

t.test('JSON operations: missing, malformed and wrongly typed bodies get a clear envelope', async (t) => {
  const mock = await startTestMock(t);
  const url = `${mock.url}/message/cardMessage`;
  const cases: [string, RequestInit, RegExp][] = [
    ['no body', { method: 'POST', headers: { 'content-type': 'application/json' } }, /请求体不能为空/],
    ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token": "a",' }, /不是合法的JSON/],
    ['an array', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' }, /必须是JSON对象/],
    ['a form body', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=a' }, /Content-Type必须是application\/json/],
    ['no content type', { method: 'POST', body: '{"token":"a"}' }, /Content-Type必须是application\/json/],
  ];
  for (const [name, init, message] of cases) {
    const res = await request(url, init);
    t.equal(res.status, 200, name);
    t.equal(res.json.rspCode, '500001', name);
    t.match(res.json.rspMsg, message, name);
  }
  const templateUrl = `${mock.url}/message/sendTemplateApi`;
  const withDebugger = await postJson(templateUrl, 'nope');
  t.same(Object.keys(withDebugger.json), ['rspCode', 'rspMsg', 'debuggerErrorMsg', 'resultData'], 'errors of 5.3.3 keep debuggerErrorMsg');
  const token = await getToken(mock.url);
  const typed = await postJson(templateUrl, { token, userId: ['20230001'], publicId: 'p', templateId: 't', messageType: '1', url: 'https://a', data: {} });
  t.equal(typed.json.rspCode, '600004', 'a wrongly typed userId is refused with the code of its field');
  t.equal(typed.json.rspMsg, '人员信息不能为空');
  t.match(await lastDetail(mock.url), /userId必须是字符串/);
});

t.test('form operations hint when a body of another type was ignored', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await postJson(`${mock.url}/message/getProgress`, { token, msgId: 'x' });
  t.equal(res.json.rspCode, '500003', 'the servlet reads no parameters from a JSON body');
  t.equal(res.json.rspMsg, '无效的请求凭证');
  t.match(await lastDetail(mock.url), /application\/json/);
  t.notMatch(res.text, token);
});

t.test("multipart/form-data bodies (Postman's form-data tab) are read as Spring Boot reads them: their fields are parameters", async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const fields = { token, msgtitle: '停电通知', msgType: '1', msgContent: '周六8:00至12:00停电，请提前保存工作', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: '[{"type":"User","userId":"20230001","name":"张三"}]' };
  const multipart = (entries: Record<string, string>, url = `${mock.url}/message/sendMessageApi`) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(entries)) data.append(name, value);
    return request(url, { method: 'POST', body: data });
  };
  const sent = await multipart(fields);
  t.equal(sent.json.rspCode, '000000', sent.text);
  const view = await request(`${mock.url}/__umc/messages/${sent.json.resultData.msgId}`);
  t.match(view.json, { title: '停电通知', content: '周六8:00至12:00停电，请提前保存工作' }, 'UTF-8 values as sent');
  t.equal((await multipart({ token, msgId: sent.json.resultData.msgId }, `${mock.url}/message/getProgress`)).json.rspCode, '000000', '5.2.4 too');
  t.equal((await multipart({ appId: DEMO_APP.appId, appPassword: DEMO_APP.appPassword }, `${mock.url}/msg/getThirdAPIToken`)).json.rspCode, '000000', '5.1.1 POST too');

  const queryFirst = await multipart({ ...fields, msgtitle: '正文中的标题' }, `${mock.url}/message/sendMessageApi?msgtitle=${encodeURIComponent('URL中的标题')}`);
  t.equal((await request(`${mock.url}/__umc/messages/${queryFirst.json.resultData.msgId}`)).json.title, 'URL中的标题', "the query's value first, as getParameter returns it");

  // A part with a filename is a file, not a parameter; one without is a parameter whatever its type.
  const withFile = new FormData();
  for (const [name, value] of Object.entries(fields)) if (name !== 'receivers') withFile.append(name, value);
  withFile.append('receivers', new Blob([fields.receivers], { type: 'application/json' }), 'receivers.json');
  t.same((await request(`${mock.url}/message/sendMessageApi`, { method: 'POST', body: withFile })).json, { rspCode: '500001', rspMsg: 'receivers不能为空', resultData: null }, 'a file part is not the receivers parameter');
  // What is not multipart: 500001, saying so; the server goes on serving.
  const raw = (contentType: string, text: string) => request(`${mock.url}/message/getProgress`, { method: 'POST', headers: { 'content-type': contentType }, body: text });
  const msgId = sent.json.resultData.msgId;
  const typed = `--x\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token}\r\n--x\r\nContent-Disposition: form-data; name="msgId"\r\nContent-Type: application/octet-stream\r\n\r\n${msgId}\r\n--x--\r\n`;
  t.equal((await raw('multipart/form-data; boundary=x', typed)).json.rspCode, '000000', 'a part without a filename is a parameter, whatever its Content-Type (as Tomcat reads it)');
  const noBoundary = await raw('multipart/form-data', `--x\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token}\r\n--x--\r\n`);
  t.same(noBoundary.json, { rspCode: '500001', rspMsg: 'multipart/form-data请求体不合法：Content-Type缺少boundary', resultData: null });
  const cut = await raw('multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token}`);
  t.same(cut.json, { rspCode: '500001', rspMsg: 'multipart/form-data请求体格式不正确，无法读取参数', resultData: null }, 'a body cut short');
  const many = Array.from({ length: 1001 }, (_, i) => `--x\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') + '--x--\r\n';
  t.same((await raw('multipart/form-data; boundary=x', many)).json, { rspCode: '500001', rspMsg: 'multipart/form-data请求体的部分过多：最多1000个', resultData: null }, 'at most 1,000 parts');
  const big = new FormData();
  big.append('token', token);
  big.append('msgId', 'x'.repeat(2 * 1024 * 1024));
  t.match((await request(`${mock.url}/message/getProgress`, { method: 'POST', body: big })).json, { rspCode: '500001', rspMsg: /请求体过大/ }, 'bounded as any body: 2 MB');
  t.equal((await multipart({ token, msgId: sent.json.resultData.msgId }, `${mock.url}/message/getProgress`)).json.rspCode, '000000', 'still serving');
  const json = await request(`${mock.url}/message/cardMessage`, { method: 'POST', body: (() => { const d = new FormData(); d.append('token', token); return d; })() });
  t.equal(json.json.rspCode, '500001', 'a JSON operation still wants JSON');
});

t.test('undecodable percent-encoding is a 500001 envelope naming the parameter', async (t) => {
  const mock = await startTestMock(t);
  const res = await postForm(`${mock.url}/msg/getThirdAPIToken`, `appId=MSG%E4%B8&appPassword=x`);
  t.same(res.json, { rspCode: '500001', rspMsg: '参数appId的URL编码不合法', resultData: null });
  const inQuery = await request(`${mock.url}/msg/getThirdAPIToken?appId=%zz`);
  t.equal(inQuery.json.rspCode, '500001');
});

t.test('a body over the limit is refused with an envelope, and the server keeps serving', async (t) => {
  const mock = await startTestMock(t);
  const huge = 'msgContent=' + 'x'.repeat(3 * 1024 * 1024);
  const res = await postForm(`${mock.url}/message/sendMessageApi`, huge);
  t.equal(res.status, 200);
  t.equal(res.json.rspCode, '500001');
  t.match(res.json.rspMsg, /请求体过大/);
  t.equal((await getToken(mock.url)).length, 36, 'still serving');
});

t.test('duplicate and prototype-polluting parameter names are harmless', async (t) => {
  const mock = await startTestMock(t);
  const res = await postForm(`${mock.url}/msg/getThirdAPIToken`, `__proto__=x&constructor=y&appId=${DEMO_APP.appId}&appId=other&appPassword=${DEMO_APP.appPassword}`);
  t.equal(res.json.rspCode, '000000');
  const json = await postJson(`${mock.url}/message/cardMessage`, '{"__proto__":{"polluted":true},"token":"x"}');
  t.equal(json.json.rspCode, '500003');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
});

t.test('idle keep-alive connections stay open 72 s, as Fastify keeps them (not Node\'s 5 s)', async (t) => {
  const mock = await startTestMock(t);
  // Node announces the server's keep-alive timeout on every kept-alive answer.
  const { request: httpRequest } = await import('node:http');
  const header = await new Promise<string | undefined>((resolve, reject) => {
    const req = httpRequest(`${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`, { headers: { connection: 'keep-alive' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['keep-alive'] as string | undefined));
    });
    req.on('error', reject);
    req.end();
  });
  t.equal(header, 'timeout=72');
});

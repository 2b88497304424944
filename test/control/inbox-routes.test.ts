// The dev inbox's server side: the live event stream, completing a todo as the sending app, and
// the pages (inbox, Swagger UI) served offline from this package.
import t from 'tap';
import { SLOW, advance, sent, userList } from '../helpers/messaging.js';
import { getToken, postForm, postJson, request, startTestMock } from '../helpers/mock.js';
import { sendTemplate, templateBody } from '../helpers/wechat.js';
import { openStream } from '../helpers/event-stream.js';

t.test('the event stream: hello, then one event per API call, control action and delivery step', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const stream = await openStream(t, mock.url);
  t.match(stream.res.headers.get('content-type'), /^text\/event-stream/);
  await stream.next('hello');

  const token = await getToken(mock.url);
  t.match(await stream.next('request'), { operationId: 'getThirdAPITokenByGet', rspCode: '000000' });
  await sent(mock.url, token);
  t.match(await stream.next('request'), { operationId: 'sendMessageApi', rspCode: '000000' }, 'a message accepted');
  await postForm(`${mock.url}/message/sendMessageApi`, { token });
  t.match(await stream.next('request'), { operationId: 'sendMessageApi', rspCode: '500001' }, 'a refused call too');

  // The delivery ends at +60 s on the platform clock: moving the clock is an action, and the
  // delivery it completes is reported without any further request.
  await advance(mock.url, 61);
  t.match(await stream.next('action'), { route: 'POST /__umc/clock' });
  t.match(await stream.next('delivery'), { type: 'delivery' });

  await postJson(`${mock.url}/__umc/users/20230001/unsubscribe`, { appId: 'MSG123456' });
  t.match(await stream.next('action'), { route: 'POST /__umc/users/:userId/unsubscribe' }, 'a person acting');
});

t.test('the event stream needs Accept: text/event-stream; closing the server ends open streams', async (t) => {
  const mock = await startTestMock(t);
  const plain = await request(`${mock.url}/__umc/events`);
  t.equal(plain.status, 406);
  t.match(plain.json.error, /EventSource/);
  const stream = await openStream(t, mock.url);
  await stream.next('hello');
  await mock.close();
  await t.rejects(stream.next('never'), /stream ended/, 'close() did not wait on the stream');
});

t.test('todo-state completes a todo as its app would through 5.4.1, refusing what 5.4.1 refuses', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  const todo = await sent(mock.url, token, { sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/7' });
  const early = await postJson(`${mock.url}/__umc/messages/${todo}/todo-state`, { state: '2' });
  t.equal(early.status, 409);
  t.match(early.json.error, /^5\.4\.1返回500008：/, 'still being delivered');

  await advance(mock.url, 61);
  const done = await postJson(`${mock.url}/__umc/messages/${todo}/todo-state`, { state: '2' });
  t.same(done.json, { msgId: todo, appId: 'MSG123456', messageType: '1', state: '2' });
  t.equal((await userList(mock.url, token, '20230001')).json.resultData.msglist[0].state, '3', '5.2.6 sees it done');

  const notice = await sent(mock.url, token);
  await advance(mock.url, 61);
  t.match((await postJson(`${mock.url}/__umc/messages/${notice}/todo-state`, { state: '2' })).json.error, /500006/, 'a notice is no todo');

  const template = await sendTemplate(mock.url, templateBody(token, { messageType: '2' }));
  const messageId = template.json.resultData.messageId;
  t.same((await postJson(`${mock.url}/__umc/messages/${messageId}/todo-state`, { state: '2' })).json, { msgId: messageId, appId: 'MSG123456', messageType: '2', state: '2' }, 'a template todo');
  t.match((await postJson(`${mock.url}/__umc/messages/${messageId}/todo-state`, { state: '2' })).json.error, /600010/);

  const unknown = await postJson(`${mock.url}/__umc/messages/nope/todo-state`, { state: '2' });
  t.equal(unknown.status, 404);
  const badState = await postJson(`${mock.url}/__umc/messages/${todo}/todo-state`, { state: '3' });
  t.equal(badState.status, 400);
  t.match(badState.json.error, /state/);
});

t.test('the inbox page and Swagger UI are served from the package, and stay out of the journal', async (t) => {
  const mock = await startTestMock(t);
  for (const path of ['/__umc/ui/', '/__umc/ui', '/docs']) {
    const page = await request(`${mock.url}${path}`);
    t.equal(page.status, 200, path);
    t.match(page.contentType, /^text\/html/);
  }
  const page = await request(`${mock.url}/__umc/ui/`);
  t.notMatch(page.text, /https?:\/\/(?!127\.0\.0\.1)/, 'no outside URL: works offline');
  for (const asset of ['/__umc/ui/app.js', '/__umc/ui/i18n.js', '/__umc/ui/style.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/docs.js']) {
    t.equal((await request(`${mock.url}${asset}`)).status, 200, asset);
  }
  t.equal((await request(`${mock.url}/__umc/ui/..%2Froutes.ts`)).status, 404, 'nothing outside the ui folder');
  t.equal((await request(`${mock.url}/docs/package.json`)).status, 404, 'only Swagger UI files from node_modules');

  const openapi = (await request(`${mock.url}/docs/openapi.json`)).json;
  t.same(openapi.servers, [{ url: mock.url, description: 'this umc-mock' }], 'Try it out calls this mock');
  t.same(openapi.paths['/message/sendMessageApi'].post.security, [{ token: [] }], 'the token is an API key the page can fill');
  t.notOk(openapi.paths['/message/sendMessageApi'].post.requestBody.content['application/x-www-form-urlencoded'].schema.required.includes('token'));
  t.notOk(openapi.paths['/msg/getThirdAPIToken'].get.security, '5.1.1 needs none');
  const control = (await request(`${mock.url}/docs/control-plane.json`)).json;
  t.ok(control.paths['/__umc/events'], 'the control plane spec');

  const journal = await request(`${mock.url}/__umc/requests`);
  t.equal(journal.json.total, 0, 'pages are not API calls');
});

t.test('the token fetched for the docs page works for a query-token call and a JSON-body call', async (t) => {
  // What Swagger UI sends once authorised: the token as a query parameter, none in the body.
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const publicList = await request(`${mock.url}/message/getPublicList?token=${token}`, { method: 'POST' });
  t.equal(publicList.json.rspCode, '000000');
  const { token: _dropped, ...body } = templateBody(token);
  const template = await postJson(`${mock.url}/message/sendTemplateApi?token=${token}`, body);
  t.equal(template.json.rspCode, '000000');
});

t.test('with an admin token the stream and todo-state need it; the pages themselves do not', async (t) => {
  const mock = await startTestMock(t, { adminToken: 'secret-admin-token' });
  t.equal((await request(`${mock.url}/__umc/events`, { headers: { accept: 'text/event-stream' } })).status, 401);
  t.equal((await postJson(`${mock.url}/__umc/messages/x/todo-state`, { state: '2' })).status, 401);
  const controller = new AbortController();
  const res = await fetch(`${mock.url}/__umc/events`, { headers: { accept: 'text/event-stream', 'x-umc-admin-token': 'secret-admin-token' }, signal: controller.signal });
  t.equal(res.status, 200, 'the page sends it as a header (fetch, not EventSource)');
  controller.abort();
  t.equal((await request(`${mock.url}/__umc/ui/`)).status, 200);
  t.equal((await request(`${mock.url}/docs`)).status, 200);
});

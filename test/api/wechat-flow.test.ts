// The integrator's path through the official-account API: 5.2.1 → 5.2.2 → 5.3.3 → 5.4.1, each step fed by the last.
import t from 'tap';
import { getToken, postForm, postJson, request, startTestMock } from '../helpers/mock.js';

t.test('list accounts, pick a template, send a todo filled from its placeholders, confirm it', async (t) => {
  const mock = await startTestMock(t, { seed: 7 });
  const token = await getToken(mock.url);

  const accounts = await request(`${mock.url}/message/getPublicList?token=${token}`, { method: 'POST' });
  t.equal(accounts.json.rspCode, '000000');
  const account = accounts.json.resultData.find((a: { status: string }) => a.status === '1');
  t.ok(account, 'an enabled account is bound');

  const templates = await request(`${mock.url}/message/getTemplateList?token=${token}&publicId=${account.publicId}`, { method: 'POST' });
  t.equal(templates.json.rspCode, '000000');
  const template = templates.json.resultData.find((x: { title: string }) => x.title === '待办审批提醒');
  t.ok(template);

  // Fill every placeholder the content names, as an integrator's code would.
  const names = [...(template.content as string).matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => m[1]!);
  t.same(names, ['first', 'keyword1', 'keyword2', 'keyword3', 'keyword4', 'keyword5', 'remark']);
  const data = Object.fromEntries(names.map((name, i) => [name, { value: `值${i}` }]));
  const sent = await postJson(`${mock.url}/message/sendTemplateApi`, {
    token,
    userId: '20230002',
    publicId: account.publicId,
    messageType: '2',
    templateId: template.template_id,
    url: 'https://oa.example.edu.cn/todo/42',
    data,
  });
  t.equal(sent.json.rspCode, '000000');
  t.same(sent.json.resultData, { messageId: sent.json.resultData.messageId, status: '0', info: '发送成功' });

  const inbox = await request(`${mock.url}/__umc/wechat/messages`);
  t.match(inbox.json.items[0], {
    messageId: sent.json.resultData.messageId,
    userId: '20230002',
    openid: 'oFjNhUjxWv8h2VoqNVHgxNZRUWZF',
    text: '值0\n业务系统：值1\n所属业务：值2\n代办事项：值3\n申请人：值4\n当前环节：值5\n值6',
    state: '1',
  });

  const confirmed = await postForm(`${mock.url}/message/checkMessageStatusApi`, { token, msgId: sent.json.resultData.messageId, messageType: '2', state: '2' });
  t.same(confirmed.json, { rspCode: '000000', rspMsg: '操作完成', resultData: null });
  t.equal((await request(`${mock.url}/__umc/wechat/messages`)).json.items[0].state, '2');

  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.equal((await request(`${mock.url}/__umc/wechat/messages`)).json.total, 0, 'a reset forgets sent messages');
  const after = await postForm(`${mock.url}/message/checkMessageStatusApi`, { token: await getToken(mock.url), msgId: sent.json.resultData.messageId, messageType: '2', state: '1' });
  t.equal(after.json.rspCode, '500005');
});

t.test('a reset restores the scenario\'s accounts', async (t) => {
  const mock = await startTestMock(t);
  const publicId = 'c3cbcaaa-88f4-466c-b7ce-dd7e07f20b75';
  mock.platform.wechat.account(publicId)!.status = '2';
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  const res = await request(`${mock.url}/message/getTemplateList?token=${await getToken(mock.url)}&publicId=${publicId}`, { method: 'POST' });
  t.equal(res.json.rspCode, '000000');
});

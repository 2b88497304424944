// The control plane's message and journal views carry the platform's own readings (China time, SMS
// billing, mailbox membership), so that the dev inbox shows them without re-implementing a rule.
import t from 'tap';
import { advance, receivers, sent, userList } from '../helpers/messaging.js';
import { getToken, request, startTestMock } from '../helpers/mock.js';
import { formatDateTime } from '../../src/domain/wall-time.js';

const view = async (url: string, msgId: string) => (await request(`${url}/__umc/messages/${msgId}`)).json;

t.test('times come in China time beside the ISO instants', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token);
  await advance(mock.url, 5);
  const m = await view(mock.url, msgId);
  t.equal(m.chinaTime.acceptedAt, formatDateTime(Date.parse(m.acceptedAt)));
  t.equal(m.chinaTime.sendAt, formatDateTime(Date.parse(m.sendAt)));
  t.equal(m.chinaTime.finishedAt, formatDateTime(Date.parse(m.finishedAt)));
  const attempt = m.recipients[0].attempts[0];
  t.equal(attempt.chinaTime, formatDateTime(Date.parse(attempt.at)));
  t.equal(Date.parse(`${attempt.chinaTime.replace(' ', 'T')}+08:00`), Math.floor(Date.parse(attempt.at) / 1000) * 1000, 'UTC+8, whatever the host zone');
  const journal = (await request(`${mock.url}/__umc/requests?operationId=sendMessageApi`)).json.requests[0];
  t.equal(journal.chinaTime, formatDateTime(Date.parse(journal.time)), 'the journal too');
});

t.test('sms: the billed segments of the content when an SMS goes out, null otherwise', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const portal = await sent(mock.url, token, { sendChannel: 'Portal' });
  t.equal((await view(mock.url, portal)).sms, null, 'no SMS attempt');
  const seventy = '通'.repeat(70);
  const short = await sent(mock.url, token, { sendChannel: 'SMS', msgContent: seventy });
  t.same((await view(mock.url, short)).sms, { chars: 70, segments: 1 }, '70 characters are one SMS');
  const long = await sent(mock.url, token, { sendChannel: 'SMS', msgContent: `${seventy}知` });
  t.same((await view(mock.url, long)).sms, { chars: 71, segments: 2 }, '71 are two parts of 67');
});

t.test('inMailbox: a directory person once delivery ended, as 5.2.6 lists it; never an unknown userId', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { receivers: receivers('20230001', 'nobody-here') });
  const before = await view(mock.url, msgId);
  t.same(before.recipients.map((r: { inMailbox: boolean }) => r.inMailbox), [false, false], 'nothing landed before delivery');
  await advance(mock.url, 5);
  const after = await view(mock.url, msgId);
  t.same(after.recipients.map((r: { user: string; inMailbox: boolean }) => [r.user, r.inMailbox]), [['20230001', true], ['nobody-here', false]]);
  const listed = await userList(mock.url, token, '20230001', { page: '1', size: '10' });
  t.ok(listed.json.resultData.msglist.some((x: { id: string }) => x.id === msgId), '5.2.6 agrees');
});

t.test('the journal keeps each answer as sent, with token values masked', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token);
  const [send, issue] = (await request(`${mock.url}/__umc/requests`)).json.requests;
  t.match(JSON.parse(send.answer), { rspCode: '000000', resultData: { msgId } }, 'the send answer');
  t.same(JSON.parse(issue.answer), { rspCode: '000000', rspMsg: '操作完成', resultData: { token: '***' } }, 'the token answer, masked');
  t.notMatch(JSON.stringify(await request(`${mock.url}/__umc/requests`)), token, 'the token appears nowhere in the journal');
  t.ok(send.durationMs > 0, `the send took time: ${send.durationMs} ms`);
});

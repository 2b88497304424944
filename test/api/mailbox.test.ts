// The mailbox: delivered 5.3.1 messages land with their recipients; 5.2.5 counts and 5.2.6 pages
// reflect sends, reads and todo state, with each operation's own type codes.
import t from 'tap';
import { getToken, postForm, startTestMock, lastDetail } from '../helpers/mock.js';
import { OTHER_APP, SLOW, advance, readMessage, receivers, sent, userCount, userList } from '../helpers/messaging.js';

const TODO = { sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/m/todo/1', pcUrl: 'https://oa.example.edu.cn/pc/todo/1' };

t.test('400002 when the administrator has not opened the interface for the app', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url, OTHER_APP);
  const count = await userCount(mock.url, token, '20230001');
  t.equal(count.json.rspCode, '400002');
  t.equal(count.json.rspMsg, '应用未激活此接口');
  t.match(await lastDetail(mock.url), /^获取用户消息统计接口（5\.2\.5）默认不开放/);
  const list = await userList(mock.url, token, '20230001');
  t.equal(list.json.rspCode, '400002');
  t.equal(list.json.rspMsg, '应用未激活此接口');
  t.match(await lastDetail(mock.url), /获取用户消息摘要接口（5\.2\.6）/);
});

t.test('500001 names the field', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  t.same((await postForm(`${mock.url}/api/message/user/count`, { token })).json, { rspCode: '500001', rspMsg: 'account不能为空', resultData: null });
  t.equal((await userCount(mock.url, token, '20230001', '2')).json.rspCode, '500001', '5.2.5 type is 1 or 4');
  const cases: [Record<string, string>, RegExp][] = [
    [{ size: '101' }, /^size取值不合法/],
    [{ size: '0' }, /^size取值不合法/],
    [{ page: '0' }, /^page取值不合法/],
    [{ page: 'x' }, /^page/],
    [{ type: '5' }, /^type取值不合法/],
  ];
  for (const [extra, message] of cases) {
    const res = await userList(mock.url, token, '20230001', extra);
    t.equal(res.json.rspCode, '500001', JSON.stringify(extra));
    t.match(res.json.rspMsg, message);
  }
  t.same((await postForm(`${mock.url}/api/message/user/list`, { token, account: '20230001', page: '1' })).json, { rspCode: '500001', rspMsg: 'size不能为空', resultData: null });
});

t.test('messages land when delivered; reads and the type codes of 5.2.5 and 5.2.6', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  const first = await sent(mock.url, token, { msgtitle: '第一条通知', receivers: receivers('20230001', '20230002') });
  await advance(mock.url, 10);
  const second = await sent(mock.url, token, { msgtitle: '第二条通知', msgType: '2', msgContent: 'https://news.example.edu.cn/2' });
  await advance(mock.url, 10);
  const todo = await sent(mock.url, token, { msgtitle: '请审批请假申请', ...TODO });
  t.same((await userCount(mock.url, token, '20230001')).json.resultData, { unread: 0, read: 0, checked: 0, todo: 0, processing: 0, initiated: 0, total: 0 }, 'nothing delivered yet');
  t.same((await userList(mock.url, token, '20230001')).json.resultData, { total: 0, msglist: [] });

  await advance(mock.url, 60);
  const list = (await userList(mock.url, token, '20230001')).json.resultData;
  t.equal(list.total, 3);
  t.same(list.msglist.map((m: any) => m.id), [todo, second, first], 'newest first');
  t.match(list.msglist[0], { title: '请审批请假申请', type: '4', state: '4', source: '示例业务系统', url: TODO.pcUrl, murl: TODO.waitLink });
  t.match(list.msglist[1], { title: '第二条通知', type: '1', state: '2', url: 'https://news.example.edu.cn/2', murl: 'https://news.example.edu.cn/2' });
  t.match(list.msglist[2].time, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  t.same(Object.keys(list.msglist[0]), ['id', 'title', 'type', 'time', 'state', 'source', 'url', 'murl']);

  const read = await readMessage(mock.url, '20230001', first);
  t.same([read.status, read.json], [200, { userId: '20230001', msgId: first, read: true }]);
  t.equal((await readMessage(mock.url, '20230001', first)).status, 200, 'reading twice is harmless');

  t.same((await userCount(mock.url, token, '20230001')).json.resultData, { unread: 1, read: 1, checked: 0, todo: 1, processing: 0, initiated: 0, total: 3 });
  t.same((await userCount(mock.url, token, '20230001', '1')).json.resultData, { unread: 1, read: 1, checked: 0, todo: 0, processing: 0, initiated: 0, total: 2 }, '5.2.5 type 1 = notices');
  t.same((await userCount(mock.url, token, '20230001', '4')).json.resultData, { unread: 0, read: 0, checked: 0, todo: 1, processing: 0, initiated: 0, total: 1 }, '5.2.5 type 4 = todos');
  t.same((await userCount(mock.url, token, '20230002')).json.resultData.unread, 1, 'reading is per person');

  const ids = async (type: string) => (await userList(mock.url, token, '20230001', { type })).json.resultData.msglist.map((m: any) => m.id);
  t.same(await ids('1'), [todo], '5.2.6 type 1 = pending todos');
  t.same(await ids('2'), [], '5.2.6 type 2 = done todos');
  t.same(await ids('3'), [second], '5.2.6 type 3 = unread notices');
  t.same(await ids('4'), [first], '5.2.6 type 4 = read notices');
  t.equal((await userList(mock.url, token, '20230001', { type: '4' })).json.resultData.msglist[0].state, '1', 'read');
});

t.test('5.2.6 pages, searches titles and shows every app’s messages with their source', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const other = await getToken(mock.url, OTHER_APP);
  for (const title of ['选课通知', '考试通知', '放假安排', '考试成绩发布']) {
    await sent(mock.url, token, { msgtitle: title });
    await advance(mock.url, 60);
  }
  await sent(mock.url, other, { msgtitle: '教务考试提醒' });
  await advance(mock.url, 5);

  const all = (await userList(mock.url, token, '20230001')).json.resultData;
  t.same(all.msglist.map((m: any) => m.title), ['教务考试提醒', '考试成绩发布', '放假安排', '考试通知', '选课通知']);
  t.equal(all.msglist[0].source, '教务系统');

  const page2 = (await userList(mock.url, token, '20230001', { page: '2', size: '2' })).json.resultData;
  t.same([page2.total, page2.msglist.map((m: any) => m.title)], [5, ['放假安排', '考试通知']]);
  const beyond = (await userList(mock.url, token, '20230001', { page: '9', size: '2' })).json.resultData;
  t.same(beyond, { total: 5, msglist: [] });

  const exams = (await userList(mock.url, token, '20230001', { search: '考试' })).json.resultData;
  t.same([exams.total, exams.msglist.map((m: any) => m.title)], [3, ['教务考试提醒', '考试成绩发布', '考试通知']]);
  const examsPage2 = (await userList(mock.url, token, '20230001', { search: '考试', page: '2', size: '2' })).json.resultData;
  t.same([examsPage2.total, examsPage2.msglist.map((m: any) => m.title)], [3, ['考试通知']]);
  t.same((await userList(mock.url, token, '20230001', { search: '考试', type: '4' })).json.resultData, { total: 0, msglist: [] }, 'search within a type');
  t.same((await userList(mock.url, token, 'X999')).json.resultData, { total: 0, msglist: [] }, 'an unknown account has an empty mailbox');
  t.same((await userCount(mock.url, token, 'X999')).json.resultData.total, 0);
});

t.test('only directory receivers who are subscribed get a mailbox entry', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await sent(mock.url, token, { sendChannel: 'SMS', receivers: receivers('20230003', '20230008', 'X999') });
  await advance(mock.url, 5);
  t.equal((await userList(mock.url, token, '20230003')).json.resultData.total, 1, 'the SMS failed, yet the message centre keeps it');
  t.equal((await userList(mock.url, token, '20230008')).json.resultData.total, 0, 'unsubscribed');
  t.equal((await userList(mock.url, token, 'X999')).json.resultData.total, 0, 'not in the directory');
});

t.test('POST /__umc/users/{userId}/read is refused for what is not in that mailbox', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token);
  t.equal((await readMessage(mock.url, '20230001', msgId)).status, 404, 'not delivered yet');
  await advance(mock.url, 61);
  t.equal((await readMessage(mock.url, '20230002', msgId)).status, 404, 'sent to someone else');
  t.equal((await readMessage(mock.url, 'X999', msgId)).status, 404, 'not in the directory');
  const noId = await readMessage(mock.url, '20230001', '');
  t.same([noId.status, noId.json], [400, { error: 'msgId不能为空' }]);
  t.equal((await readMessage(mock.url, '20230001', msgId)).status, 200);
});

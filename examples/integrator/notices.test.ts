// The integrator's test of that module, with node:test: the mock in this process, reset before
// each test, made to fail on purpose, its clock moved past the token's two hours.
import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { startMock } from 'umc-kit';
import { ExamReminders } from './notices.js';

const mock = await startMock({ seed: 1 });
after(() => mock.close());
beforeEach(() => mock.reset());

// The default scenario's demo app; `now` makes the mock's clock the one the token expires on.
const reminders = new ExamReminders({
  baseUrl: mock.url,
  appId: 'MSG123456',
  appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY',
  now: () => mock.now(),
});
const students = [
  { userId: '20230001', name: '张三' },
  { userId: '20230003', name: '王五' }, // has no mobile number in the default scenario
];

test('reminds the students, and says whom the SMS did not reach', async () => {
  const { msgId, unreached } = await reminders.remind(students, '高等数学期末考试');
  assert.deepEqual(unreached, [{ user: '20230003', cause: '短信发送失败！未绑定手机号！' }]);
  const sent = await mock.message(msgId);
  assert.deepEqual(sent.channels, ['Portal', 'SMS']);
  assert.equal(sent.content, '〖教务处〗高等数学期末考试将于本周五举行，请准时参加');
});

test('when the SMS quota is exhausted, the 站内信 alone goes', async () => {
  await mock.faults.add({ operationId: 'sendMessageApi', rspCode: '100011', times: 1 });
  const { msgId, unreached } = await reminders.remind(students, '大学英语四级');
  assert.deepEqual(unreached, []);
  assert.deepEqual((await mock.message(msgId)).channels, ['Portal']);
});

test('the token is the client\'s business: one per two hours on the platform clock', async () => {
  await reminders.remind(students, '线性代数期中考试');
  await mock.clock.advance(2 * 3600);
  await reminders.remind(students, '线性代数期末考试');
  const tokens = await mock.journal({ operationId: 'getThirdAPIToken' });
  assert.equal(tokens.total, 2);
});

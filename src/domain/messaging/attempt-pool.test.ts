// Planned attempts are immutable and relative to the release, so equal ones are one shared object.
import t from 'tap';
import { restoredAttempt, sharedAttempt, sharedList } from './attempt-pool.js';
import { todoKey } from './todos.js';

t.test('equal attempts and attempt lists are one frozen object', async (t) => {
  const a = sharedAttempt('Portal', 120);
  t.equal(sharedAttempt('Portal', 120), a);
  t.not(sharedAttempt('Portal', 121), a, 'another time is another attempt');
  t.not(sharedAttempt('Mail', 120), a, 'another channel is another attempt');
  const failed = sharedAttempt('SMS', 120, '无手机号');
  t.same(failed, { channel: 'SMS', dueIn: 120, ok: false, cause: '无手机号' });
  t.equal(sharedAttempt('SMS', 120, '无手机号'), failed);
  t.not(sharedAttempt('SMS', 120, '短信网关故障'), failed, 'another cause is another attempt');
  t.ok(Object.isFrozen(a) && Object.isFrozen(failed));

  const list = sharedList([a, sharedAttempt('Mail', 300)]);
  t.equal(sharedList([sharedAttempt('Portal', 120), sharedAttempt('Mail', 300)]), list);
  t.not(sharedList([sharedAttempt('Mail', 300), a]), list, 'order matters');
  t.ok(Object.isFrozen(list));
  t.throws(() => (list as unknown[]).push(a), 'a shared list cannot be changed by one of its holders');
});

t.test('saved attempts come back shared, from files with absolute or relative times', async (t) => {
  const releaseAt = 1_700_000_000_000;
  t.equal(restoredAttempt({ channel: 'Portal', dueIn: 150, ok: true }, releaseAt), sharedAttempt('Portal', 150));
  t.equal(restoredAttempt({ channel: 'Portal', dueAt: releaseAt + 150, ok: true } as never, releaseAt), sharedAttempt('Portal', 150));
  t.equal(restoredAttempt({ channel: 'SMS', dueIn: 90, ok: false, cause: '无手机号' }, releaseAt), sharedAttempt('SMS', 90, '无手机号'));
});

t.test('the duplicate-todo key is a short digest of app, title, waitLink and receivers (in any order)', async (t) => {
  const key = todoKey('MSG1', '请审批：差旅报销单（张三，2026年11月）', 'https://oa.example.edu.cn/todo/1', ['20230002', '20230001']);
  t.equal(key.length, 22);
  t.equal(todoKey('MSG1', '请审批：差旅报销单（张三，2026年11月）', 'https://oa.example.edu.cn/todo/1', ['20230001', '20230002']), key);
  t.not(todoKey('MSG1', '请审批：差旅报销单（张三，2026年11月）', 'https://oa.example.edu.cn/todo/2', ['20230001', '20230002']), key);
  t.not(todoKey('MSG2', '请审批：差旅报销单（张三，2026年11月）', 'https://oa.example.edu.cn/todo/1', ['20230001', '20230002']), key);
});

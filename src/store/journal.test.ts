// The journal keeps the newest N calls, filters them, and never grows past its capacity.
import t from 'tap';
import { Journal, type JournalInput } from './journal.js';

const entry = (operationId: string, rspCode: string, appId = 'MSG1'): JournalInput => ({
  at: Date.parse('2026-01-01T00:00:00.000Z'), method: 'POST', path: `/${operationId}`, operationId, section: null, appId, params: {}, httpStatus: 200, rspCode, rspMsg: '', durationMs: 1,
});

t.test('bounded: the oldest entries fall out', async (t) => {
  const journal = new Journal(3);
  for (let i = 0; i < 10; i++) journal.add(entry(`op${i}`, '000000'));
  t.equal(journal.size, 3);
  t.same(journal.list().map((e) => e.operationId), ['op9', 'op8', 'op7'], 'newest first');
  t.same(journal.list().map((e) => e.id), [10, 9, 8], 'ids keep counting');
});

t.test('filters and clear', async (t) => {
  const journal = new Journal(10);
  journal.add(entry('a', '000000'));
  journal.add(entry('b', '500001', 'MSG2'));
  journal.add(entry('a', '500003'));
  t.same(journal.list({ operationId: 'a' }).map((e) => e.rspCode), ['500003', '000000']);
  t.same(journal.list({ appId: 'MSG2' }).map((e) => e.operationId), ['b']);
  t.same(journal.list({ rspCode: '500001' }).length, 1);
  t.same(journal.list({ afterId: 2 }).map((e) => e.id), [3]);
  t.same(journal.list({ limit: 1 }).map((e) => e.id), [3]);
  journal.clear();
  t.equal(journal.list().length, 0);
});

t.test('boundValue keeps entries small', async (t) => {
  const { boundValue } = await import('./journal.js');
  const bounded = boundValue({ big: 'x'.repeat(5000), deep: { a: { b: { c: { d: 1 } } } }, list: Array.from({ length: 100 }, (_, i) => i) }) as any;
  t.match(bounded.big, /…（共5000字符）$/);
  t.ok(bounded.big.length < 1100);
  t.same(bounded.deep, { a: { b: { c: '{…}' } } });
  t.equal(bounded.list.length, 50);
  const proto = boundValue(JSON.parse('{"__proto__":{"x":1}}')) as Record<string, unknown>;
  t.ok(Object.prototype.hasOwnProperty.call(proto, '__proto__'), '__proto__ kept as data, not as a prototype');
  t.equal((proto as any).x, undefined);
});

t.test('times are kept as epoch ms and shown as ISO; the listener sees each entry', async (t) => {
  const journal = new Journal(5);
  const seen: number[] = [];
  journal.onAdd((e) => seen.push(e.id));
  journal.add(entry('a', '000000'));
  journal.add(entry('b', '000000'));
  const [newest] = journal.list({ limit: 1 });
  t.equal(newest!.time, '2026-01-01T00:00:00.000Z');
  t.same(Object.keys(newest!).slice(0, 3), ['id', 'time', 'method'], 'time second, as before');
  t.same(seen, [1, 2]);
});

t.test('an entry is settled once, when it is first read', async (t) => {
  const journal = new Journal(5);
  let settled = 0;
  journal.add({ ...entry('a', '000000'), params: { token: 'secret' }, answer: '{"token":"secret"}', settle: (e) => {
    settled++;
    e.params = { token: '***' };
    e.answer = '{"token":"***"}';
  } });
  t.equal(settled, 0, 'nothing done at write');
  const [first] = journal.list();
  t.same(first!.params, { token: '***' });
  t.equal(first!.answer, '{"token":"***"}');
  t.notOk('settle' in first!, 'the hook is not part of what is shown');
  journal.list();
  t.equal(settled, 1, 'not again on a second read');
});

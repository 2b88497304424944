// The journal keeps the newest N calls, filters them, and never grows past its capacity.
import t from 'tap';
import { MAX_TEXT_SHARED_BY_PARAMS } from '../spec/validate.js';
import { JOURNAL_ENTRY_MAX_BYTES, Journal, MAX_STRING, boundValue, flatCopy, keptCopy, keptString, withinBounds, type JournalInput } from './journal.js';

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
  const bounded = boundValue({ big: 'x'.repeat(5000), deep: { a: { b: { c: { d: 1 } } } }, list: Array.from({ length: 100 }, (_, i) => i) }) as any;
  t.match(bounded.big, /^x+…（共5000字符）$/);
  t.equal(bounded.big.length, MAX_STRING, 'cut to MAX_STRING, its note included');
  t.same(bounded.deep, { a: { b: { c: '{…}' } } });
  t.equal(bounded.list.length, 50);
  const proto = boundValue(JSON.parse('{"__proto__":{"x":1}}')) as Record<string, unknown>;
  t.ok(Object.prototype.hasOwnProperty.call(proto, '__proto__'), '__proto__ kept as data, not as a prototype');
  t.equal((proto as any).x, undefined);
});

t.test('boundValue: bounded in bytes however wide and deep, long names cut too', async (t) => {
  const wide = boundValue(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, '参'.repeat(1000)]))) as Record<string, string>;
  const chars = Object.entries(wide).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  t.ok(chars * 2 <= 16 * 1024, `50 values of 1,000 characters: ${Object.keys(wide).length} kept, ${chars} characters`);
  t.ok(Object.keys(wide).length >= 5, 'as many as fit');
  const level = (depth: number): unknown => (depth === 0 ? 'v'.repeat(100) : Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, level(depth - 1)])));
  const leaves = (value: unknown): number => (typeof value === 'object' && value !== null ? Object.values(value).reduce((n: number, v) => n + leaves(v), 0) : 1);
  t.ok(leaves(boundValue(level(3))) < 100, 'a tree of 125,000 leaves keeps a few dozen');
  const named = boundValue({ ['n'.repeat(5000)]: 1 }) as Record<string, unknown>;
  t.match(Object.keys(named)[0], /^n+…（共5000字符）$/);
});

t.test('keptString, keptCopy and flatCopy: the same text, cut past MAX_STRING', async (t) => {
  const short = 'a'.repeat(MAX_STRING);
  t.equal(keptString(short), short);
  t.equal(flatCopy('请各位同学确认考试时间'), '请各位同学确认考试时间');
  t.equal(keptCopy('短'), '短');
  const long = '中'.repeat(3000);
  t.equal(keptString(long), keptCopy(long));
  t.match(keptString(long), /^中+…（共3000字符）$/);
  t.equal(keptString(keptString(long)), keptString(long), 'cutting again changes nothing');
  // The cut falls between the halves of an emoji (a surrogate pair): the whole emoji goes.
  const cut = keptString(`${'a'.repeat(MAX_STRING - 15)}${'😀'.repeat(100)}`);
  t.notOk(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no half of a surrogate pair');
  t.ok(cut.length <= MAX_STRING);
});

t.test('withinBounds: only short flat parameters are kept as they were read', async (t) => {
  t.ok(withinBounds({ token: 't', msgtitle: '通知', msgType: '1', receivers: '[{"userId":"20230001"}]', pageNo: 1 }));
  t.notOk(withinBounds({ junk: 'x'.repeat(MAX_STRING + 1) }), 'a long value');
  t.notOk(withinBounds({ ['x'.repeat(MAX_STRING + 1)]: '1' }), 'a long name');
  t.notOk(withinBounds({ a: { b: 1 } }), 'a structure');
  t.notOk(withinBounds(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, '1']))), 'more than 50 names');
  t.notOk(withinBounds(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, 'x'.repeat(MAX_STRING)]))), 'more than the bytes allowed');
  t.notOk(withinBounds(JSON.parse('{"__proto__":"x"}')));
});

t.test('the bound of an entry counts the request text its parameters may view', async (t) => {
  // The reader copies every value shorter than half of a text past MAX_TEXT_SHARED_BY_PARAMS, so a
  // value kept as it was read (at most MAX_STRING) views at most MAX_TEXT_SHARED_BY_PARAMS characters.
  t.ok(2 * MAX_STRING <= MAX_TEXT_SHARED_BY_PARAMS);
  t.ok(JOURNAL_ENTRY_MAX_BYTES > 2 * 2 * MAX_TEXT_SHARED_BY_PARAMS + 6 * 2 * MAX_STRING);
  t.ok(JOURNAL_ENTRY_MAX_BYTES < 64 * 1024, `${JOURNAL_ENTRY_MAX_BYTES} B an entry`);
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

// The servlet parameter reader: exactly as tolerant as Tomcat's, no more.
import t from 'tap';
import { MalformedParameterError, addServletParams, mediaType, rawQuery } from './servlet-params.js';

function read(text: string) {
  const params: Record<string, unknown> = Object.create(null);
  addServletParams(text, params);
  return { ...params };
}

t.test('decodes like a servlet container', async (t) => {
  t.same(read('a=1&b=%E4%B8%AD&c=x+y&d=&e'), { a: '1', b: '中', c: 'x y', d: '', e: '' });
  t.same(read('receivers=[{"name": "张三","mobile":"186"}]'), { receivers: '[{"name": "张三","mobile":"186"}]' }, 'raw JSON passes through');
  t.same(read('a=1=2'), { a: '1=2' }, 'split on the first = only');
  t.same(read('a=first&a=second'), { a: 'first' }, 'first value wins');
  t.same(read('&&a=1&'), { a: '1' });
});

t.test('undecodable percent-encoding names the parameter', async (t) => {
  t.throws(() => read('msgtitle=%E4%B8'), new MalformedParameterError('msgtitle'));
  t.throws(() => read('bad%zz=1'), new MalformedParameterError('bad%zz'));
});

t.test('helpers', async (t) => {
  t.equal(rawQuery('/a?b=1&c=2'), 'b=1&c=2');
  t.equal(rawQuery('/a'), '');
  t.equal(mediaType('Application/X-WWW-Form-Urlencoded; charset=UTF-8'), 'application/x-www-form-urlencoded');
  t.equal(mediaType(undefined), '');
});

t.test('a long text reads the same (its short values are copies, not views of it: test/journal-memory.test.ts)', async (t) => {
  const long = 'x'.repeat(3000);
  t.same(read(`a=${long}&b=plain-value-of-some-length&c=x+y&d=%E4%B8%AD&e`), { a: long, b: 'plain-value-of-some-length', c: 'x y', d: '中', e: '' });
});

t.test('many pairs without = are names with empty values', async (t) => {
  const params: Record<string, unknown> = {};
  addServletParams(`${'a&'.repeat(100_000)}b=1`, params);
  t.same(params, { a: '', b: '1' });
});

t.test('a parameter named __proto__ is data, not a prototype', async (t) => {
  const params: Record<string, unknown> = {};
  addServletParams('__proto__=x&constructor=y', params);
  t.equal(Object.getPrototypeOf(params), Object.prototype);
  t.same(Object.keys(params), ['__proto__', 'constructor']);
  t.equal(Object.getOwnPropertyDescriptor(params, '__proto__')?.value, 'x');
});

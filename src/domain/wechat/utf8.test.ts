// Card limits count UTF-8 bytes and characters: cutting must never leave half a character.
import t from 'tap';
import { truncateChars, truncateUtf8, utf8Bytes } from './utf8.js';

t.test('truncateUtf8 keeps text within the byte limit and whole characters only', async (t) => {
  t.equal(truncateUtf8('abc', 3), 'abc', 'exactly at the limit: unchanged');
  t.equal(truncateUtf8('abcd', 3), 'abc');
  t.equal(truncateUtf8('通知', 6), '通知', 'two 3-byte characters fit in 6 bytes');
  t.equal(truncateUtf8('通知', 5), '通', 'the second character would be split: dropped');
  t.equal(truncateUtf8('a通知', 5), 'a通', '1 + 3 = 4 bytes fit; the next 3 would overflow');
  t.equal(truncateUtf8('😀x', 3), '', 'a 4-byte emoji is not cut into a lone surrogate');
  t.equal(truncateUtf8('x😀', 4), 'x');
  t.equal(truncateUtf8('x😀', 5), 'x😀');
  t.equal(truncateUtf8('', 0), '');
  const title = '汉'.repeat(43); // 129 bytes
  const cut = truncateUtf8(title, 128);
  t.equal(cut, '汉'.repeat(42));
  t.equal(utf8Bytes(cut), 126);
});

t.test('truncateChars counts characters, not UTF-16 units', async (t) => {
  t.equal(truncateChars('更多数据详情', 4), '更多数据');
  t.equal(truncateChars('详情', 4), '详情');
  t.equal(truncateChars('ab😀cd', 4), 'ab😀c', 'an emoji is one character');
  t.equal(truncateChars('More info', 4), 'More');
});

// SMS billing: 70 characters fit one SMS; longer texts are cut into 67-character parts.
import t from 'tap';
import { smsSegments } from './segments.js';

t.test('segment counts at the boundaries', async (t) => {
  t.equal(smsSegments('短'), 1);
  t.equal(smsSegments('字'.repeat(70)), 1);
  t.equal(smsSegments('字'.repeat(71)), 2);
  t.equal(smsSegments('字'.repeat(134)), 2);
  t.equal(smsSegments('字'.repeat(135)), 3);
  t.equal(smsSegments('a'.repeat(70)), 1, 'Latin letters count the same');
  t.equal(smsSegments('😀'.repeat(70)), 1, 'a character outside the BMP is one character');
});

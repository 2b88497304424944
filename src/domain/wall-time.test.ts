// Wall-clock strings are China Standard Time whatever the host's zone.
import t from 'tap';
import { formatDateTime, formatDateTimeMinutes, formatIsoWithOffset, parseDateTime } from './wall-time.js';

t.test('formats and parses in UTC+8', async (t) => {
  const epoch = Date.UTC(2026, 0, 1, 16, 30, 5); // 2026-01-02 00:30:05 in China
  t.equal(formatDateTime(epoch), '2026-01-02 00:30:05');
  t.equal(formatDateTimeMinutes(epoch), '2026-01-02 00:30');
  t.equal(parseDateTime('2026-01-02 00:30:05'), epoch);
});

t.test('rejects what is not a real date-time', async (t) => {
  for (const text of ['2026-02-30 10:00:00', '2026-01-01 24:00:00', '2026-1-1 10:00:00', '2026-01-01T10:00:00', '']) {
    t.equal(parseDateTime(text), undefined, text);
  }
});

t.test('ISO instants carry the zone offset', async (t) => {
  const epoch = Date.UTC(2026, 0, 1, 16, 30, 5, 7);
  t.equal(formatIsoWithOffset(epoch), '2026-01-02T00:30:05.007+08:00');
  t.equal(formatIsoWithOffset(epoch, 0), '2026-01-01T16:30:05.007+00:00');
  t.equal(formatIsoWithOffset(epoch, -330), '2026-01-01T11:00:05.007-05:30');
});

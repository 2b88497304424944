/**
 * Wall-clock strings as the platform writes them: China Standard Time (UTC+8) by default,
 * whatever the host's zone, because the real platform is deployed in China.
 */
const CST_OFFSET_MINUTES = 8 * 60;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function shifted(epochMs: number, offsetMinutes: number): Date {
  return new Date(epochMs + offsetMinutes * 60_000);
}

/** yyyy-MM-dd HH:mm:ss */
export function formatDateTime(epochMs: number, offsetMinutes = CST_OFFSET_MINUTES): string {
  const d = shifted(epochMs, offsetMinutes);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** yyyy-MM-dd HH:mm (the mailbox list's format) */
export function formatDateTimeMinutes(epochMs: number, offsetMinutes = CST_OFFSET_MINUTES): string {
  return formatDateTime(epochMs, offsetMinutes).slice(0, 16);
}

/** ISO 8601 with milliseconds and the zone's offset (2026-12-01T18:41:28.123+08:00), as Jackson writes a Date in that zone. */
export function formatIsoWithOffset(epochMs: number, offsetMinutes = CST_OFFSET_MINUTES): string {
  const d = shifted(epochMs, offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${formatDateTime(epochMs, offsetMinutes).replace(' ', 'T')}.${pad(d.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Parses yyyy-MM-dd HH:mm:ss in the platform's zone; undefined if it is not a real date-time. */
export function parseDateTime(text: string, offsetMinutes = CST_OFFSET_MINUTES): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Reject 2026-02-30 and 25:00:00: the round trip must give back the same text.
  if (formatDateTime(utc, 0) !== text) return undefined;
  return utc - offsetMinutes * 60_000;
}

export { CST_OFFSET_MINUTES };

import { ControlError } from './control-error.js';

/** A control query's integer parameter: absent or blank gives `fallback`, anything else must be in range. */
export function intParam<T extends number | undefined>(value: unknown, name: string, min: number, max: number, fallback: T): number | T {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ControlError(`${name}必须是${min}到${max}之间的整数`);
  return n;
}

/** Listings are paged the same way everywhere: ?limit (1–100000; absent: all) and ?offset (from 0). */
export function pageOf<T>(items: readonly T[], query: Record<string, unknown>): T[] {
  const offset = intParam(query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = intParam(query.limit, 'limit', 1, 100_000, undefined);
  return items.slice(offset, limit === undefined ? undefined : offset + limit);
}

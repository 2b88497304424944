import { ControlError } from './control-error.js';

/** A control query's integer parameter: absent or blank gives `fallback`, anything else must be in range. */
export function intParam<T extends number | undefined>(value: unknown, name: string, min: number, max: number, fallback: T): number | T {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ControlError(`${name}必须是${min}到${max}之间的整数`);
  return n;
}

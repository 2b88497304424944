/** The ids the platform issues, which a deployment profile may shape otherwise than as UUIDs. */
export type IdKind = 'token' | 'msgId' | 'messageId';
export type IdShapes = Partial<Record<IdKind, string>>;

/**
 * A fresh UUID in the shape a deployment issues its ids in: "uuid" (as it is) or "hexN" (its first
 * N hex digits, N ≤ 32; a 32-hex id is the UUID without its dashes). Shaped from a drawn UUID, so
 * --seed and --data replay draw exactly as before.
 */
export function shapeId(uuid: string, shape: string | undefined): string {
  const hex = shape === undefined ? undefined : /^hex(\d+)$/.exec(shape);
  if (!hex) return uuid;
  return uuid.replace(/-/g, '').slice(0, Math.min(32, Number(hex[1])));
}

import { randomUUID } from 'node:crypto';

/**
 * Where ids and random choices come from. Unseeded: crypto UUIDs. Seeded (--seed): a small
 * deterministic PRNG, so a run can be repeated exactly.
 */
export interface IdSource {
  uuid(): string;
  /** A float in [0, 1). */
  random(): number;
}

export function createIdSource(seed?: number): IdSource {
  if (seed === undefined) return { uuid: () => randomUUID(), random: Math.random };
  const random = mulberry32(seed);
  return {
    random,
    uuid() {
      const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
      bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
      bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}

/** mulberry32: a small seeded generator, so a seed reproduces every value drawn. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

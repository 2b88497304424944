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
      // The same bytes in the same order as before (one random() per byte), without arrays.
      let out = '';
      for (let i = 0; i < 16; i++) {
        let b = Math.floor(random() * 256);
        if (i === 6) b = (b & 0x0f) | 0x40; // version 4
        if (i === 8) b = (b & 0x3f) | 0x80; // RFC 4122 variant
        if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
        out += HEX[b];
      }
      return out;
    },
  };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

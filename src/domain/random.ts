import { randomFillSync } from 'node:crypto';

/**
 * Where ids and random choices come from. Unseeded: crypto-random UUIDs. Seeded (--seed): a small
 * deterministic PRNG, so a run can be repeated exactly.
 */
export interface IdSource {
  uuid(): string;
  /** A float in [0, 1). */
  random(): number;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const codes: number[] = new Array(36).fill(0);

/**
 * A v4 UUID from 16 bytes, as one flat string. (Strings built with + or a template literal are
 * chains of ConsString nodes in V8, several hundred bytes per id until something flattens them;
 * a stored msgId is kept for the life of the message, so it is built flat.)
 */
function formatUuid(byte: (i: number) => number): string {
  let j = 0;
  for (let i = 0; i < 16; i++) {
    let b = byte(i);
    if (i === 6) b = (b & 0x0f) | 0x40; // version 4
    if (i === 8) b = (b & 0x3f) | 0x80; // RFC 4122 variant
    if (i === 4 || i === 6 || i === 8 || i === 10) codes[j++] = DASH;
    codes[j++] = HEX_CODES[b >> 4]!;
    codes[j++] = HEX_CODES[b & 15]!;
  }
  return String.fromCharCode.apply(null, codes);
}

/** Crypto-random bytes drawn from a pool, refilled 256 UUIDs at a time. */
const pool = new Uint8Array(16 * 256);
let poolAt = pool.length;
function cryptoByte(i: number): number {
  if (i === 0 && poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt + i]!;
}

function cryptoUuid(): string {
  const id = formatUuid(cryptoByte);
  poolAt += 16;
  return id;
}

export function createIdSource(seed?: number): IdSource {
  if (seed === undefined) return { uuid: cryptoUuid, random: Math.random };
  const random = mulberry32(seed);
  // The same bytes in the same order as ever: one random() per byte.
  const seededByte = () => Math.floor(random() * 256);
  return { random, uuid: () => formatUuid(seededByte) };
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

/**
 * The suite's seeded generator (xorshift32 over a splitmix-scrambled seed), its own so that
 * the contract suite imports nothing of the mock: --seed reproduces every generated value.
 */
export function seededRandom(seed: number): () => number {
  let x = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

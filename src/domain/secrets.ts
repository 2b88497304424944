/**
 * Compares every character of the expected secret whatever the given one holds, so the time
 * taken does not depend on where the first difference is. (It used to hash both sides with
 * SHA-256: two hashes per 5.1.1 call were its most expensive step.) The one comparison of secrets:
 * app passwords and the control plane's admin token.
 */
export function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  const n = given.length || 1;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i % n);
  return diff === 0;
}

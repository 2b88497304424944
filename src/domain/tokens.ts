export const TOKEN_LIFETIME_SECONDS = 7200;

export interface TokenRecord {
  readonly appId: string;
  readonly expiresAt: number;
}

/**
 * Valid tokens by value. Tokens are issued with a fixed lifetime on a clock that normally only
 * moves forward, so insertion order is expiry order and eviction pops from the front: memory
 * follows the number of live tokens, not the number ever issued.
 */
export class TokenRegistry {
  private readonly tokens = new Map<string, TokenRecord>();
  /** No token expires before this: eviction has nothing to do until then. */
  private earliestExpiry = Infinity;
  /** Records never change: tokens of one app issued in the same millisecond share one (a load test issues thousands a second). */
  private lastRecord: TokenRecord | undefined;

  issue(token: string, appId: string, now: number): TokenRecord {
    this.evictExpired(now);
    const expiresAt = now + TOKEN_LIFETIME_SECONDS * 1000;
    let record = this.lastRecord;
    if (!record || record.appId !== appId || record.expiresAt !== expiresAt) record = this.lastRecord = { appId, expiresAt };
    this.tokens.set(token, record);
    if (record.expiresAt < this.earliestExpiry) this.earliestExpiry = record.expiresAt;
    return record;
  }

  /** The app a token belongs to, or undefined when it is unknown or expired. */
  find(token: string, now: number): string | undefined {
    const record = this.tokens.get(token);
    if (!record) return undefined;
    if (record.expiresAt <= now) {
      // Expired and never-issued look the same, as they would once the platform evicted it.
      this.tokens.delete(token);
      return undefined;
    }
    return record.appId;
  }

  evictExpired(now: number): void {
    if (now < this.earliestExpiry) return;
    this.earliestExpiry = Infinity;
    for (const [token, record] of this.tokens) {
      if (record.expiresAt > now) {
        this.earliestExpiry = record.expiresAt;
        break;
      }
      this.tokens.delete(token);
    }
  }

  revokeApp(appId: string): void {
    for (const [token, record] of this.tokens) if (record.appId === appId) this.tokens.delete(token);
  }

  get size(): number {
    return this.tokens.size;
  }

  entries(): [string, TokenRecord][] {
    return [...this.tokens];
  }

  clear(): void {
    this.tokens.clear();
    this.earliestExpiry = Infinity;
  }
}

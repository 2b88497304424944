/**
 * Every token the target issued to this run, with when: how old a token is when the target
 * refuses it, and whether a newer one was issued meanwhile (a platform may revoke the older token
 * then; a token refused sooner than 7200 s with none newer breaks 5.1.1).
 */
export class TokenLedger {
  private readonly issued = new Map<string, { atMs: number; clockAt: number; order: number }>();
  private readonly refused = new Set<string>();
  private count = 0;

  /** @param clockMoved platform seconds the suite has moved the mock's clock by so far (0 elsewhere). */
  constructor(private readonly clockMoved: () => number) {}

  record(token: string): void {
    if (!this.issued.has(token)) this.issued.set(token, { atMs: performance.now(), clockAt: this.clockMoved(), order: ++this.count });
  }

  has(token: unknown): token is string {
    return typeof token === 'string' && this.issued.has(token);
  }

  /** Seconds since the token was issued: real time, plus the platform time the suite skipped on the mock. */
  ageSeconds(token: string): number {
    const entry = this.issued.get(token);
    if (!entry) return 0;
    return Math.round((performance.now() - entry.atMs) / 1000 + (this.clockMoved() - entry.clockAt));
  }

  /** No token was issued to the app after this one. */
  isNewest(token: string): boolean {
    return this.issued.get(token)?.order === this.count;
  }

  newest(): string | undefined {
    let best: string | undefined;
    let order = 0;
    for (const [token, entry] of this.issued) if (entry.order > order) [best, order] = [token, entry.order];
    return best;
  }

  markRefused(token: string): void {
    this.refused.add(token);
  }

  /** Tokens the target may still accept: what an answer must never echo. */
  live(): string[] {
    return [...this.issued.keys()].filter((t) => !this.refused.has(t));
  }
}

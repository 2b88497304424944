/** 5.1.1: 该通行凭证有效期为7200秒. */
export const TOKEN_LIFETIME_MS = 7_200_000;
/** A token is renewed this long before it expires, so a call under way never carries an expired one. */
export const RENEW_BEFORE_MS = 60_000;

/**
 * One app's token: fetched once and reused until shortly before its 7200 s are over, measured on
 * `now` from the moment it was asked for. Many callers needing a new token at once share one 5.1.1 call.
 */
export class TokenCache {
  readonly #fetchToken: () => Promise<string>;
  readonly #now: () => number;
  #current: { token: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(fetchToken: () => Promise<string>, now: () => number) {
    this.#fetchToken = fetchToken;
    this.#now = now;
  }

  /** The token held while it is fresh; otherwise the one a 5.1.1 call (under way, or started now) gets. */
  get(): Promise<string> {
    const current = this.#current;
    if (current && this.#now() < current.renewAt) return Promise.resolve(current.token);
    this.#pending ??= this.#renew();
    return this.#pending;
  }

  /** The platform refused `token` (500003): forget it, unless a newer one has replaced it already. */
  drop(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #renew(): Promise<string> {
    try {
      const askedAt = this.#now();
      const token = await this.#fetchToken();
      this.#current = { token, renewAt: askedAt + TOKEN_LIFETIME_MS - RENEW_BEFORE_MS };
      return token;
    } finally {
      this.#pending = undefined;
    }
  }
}

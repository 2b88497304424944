// Token registry: expiry on the injected clock, and eviction so memory follows live tokens only.
import t from 'tap';
import { UmcError } from './errors.js';
import { TOKEN_LIFETIME_SECONDS, TokenRegistry } from './tokens.js';

t.test('a token is valid for 7200 s and then refused', async (t) => {
  const tokens = new TokenRegistry();
  tokens.issue('a', 'MSG1', 0);
  t.equal(tokens.verify('a', TOKEN_LIFETIME_SECONDS * 1000 - 1), 'MSG1');
  t.throws(() => tokens.verify('a', TOKEN_LIFETIME_SECONDS * 1000), new UmcError('500003'));
  t.throws(() => tokens.verify('never-issued', 0), new UmcError('500003'));
});

t.test('expired tokens are evicted, so churn does not grow memory', async (t) => {
  const tokens = new TokenRegistry();
  let now = 0;
  // A client fetching a new token every minute for a simulated day.
  for (let i = 0; i < 24 * 60; i++, now += 60_000) tokens.issue(`t${i}`, 'MSG1', now);
  t.ok(tokens.size <= TOKEN_LIFETIME_SECONDS / 60 + 1, `only the last two hours' tokens are kept (${tokens.size})`);
  tokens.evictExpired(now + TOKEN_LIFETIME_SECONDS * 1000);
  t.equal(tokens.size, 0);
});

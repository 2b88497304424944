// Token registry: expiry on the injected clock, and eviction so memory follows live tokens only.
import t from 'tap';
import { TOKEN_LIFETIME_SECONDS, TokenRegistry } from './tokens.js';

t.test('a token is valid for 7200 s and then refused', async (t) => {
  const tokens = new TokenRegistry();
  tokens.issue('a', 'MSG1', 0);
  t.equal(tokens.find('a', TOKEN_LIFETIME_SECONDS * 1000 - 1), 'MSG1');
  t.equal(tokens.find('a', TOKEN_LIFETIME_SECONDS * 1000), undefined);
  t.equal(tokens.find('never-issued', 0), undefined);
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

t.test('tokens of one app issued in the same millisecond share one record; other apps keep their own', async (t) => {
  const tokens = new TokenRegistry();
  tokens.issue('a', 'MSG1', 5);
  tokens.issue('b', 'MSG1', 5);
  tokens.issue('c', 'MSG2', 5);
  tokens.issue('d', 'MSG1', 6);
  const records = new Map(tokens.entries());
  t.equal(records.get('a'), records.get('b'), 'one record for a and b');
  t.not(records.get('c'), records.get('a'));
  t.not(records.get('d'), records.get('a'));
  t.same([tokens.find('a', 10), tokens.find('b', 10), tokens.find('c', 10), tokens.find('d', 10)], ['MSG1', 'MSG1', 'MSG2', 'MSG1']);
  t.equal(tokens.find('d', TOKEN_LIFETIME_SECONDS * 1000 + 5), 'MSG1', 'd expires a millisecond later than a');
  t.equal(tokens.find('a', TOKEN_LIFETIME_SECONDS * 1000 + 5), undefined);
});

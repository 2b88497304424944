// ControlClient's options for a client that talks to an address that may not be the mock
// (umc-contract): timeoutMs bounds each request, an answer that stops halfway included;
// redirect: 'manual' does not follow a redirect; without them, as before. And users.all() reads
// the directory over every page, within a bound.
import t from 'tap';
import { ControlClient, ControlPlaneError } from 'umc-kit/client';
import { startRawServer } from './helpers/raw-server.js';

/** What a call came to: its value, its error, or 'still waiting' after `ms`. */
function settled<T>(call: Promise<T>, ms: number): Promise<T | unknown> {
  return Promise.race([call.catch((err: unknown) => err), new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms))]);
}

t.test('timeoutMs: no answer is a ControlPlaneError of status 0; an answer that stops, one of its status', async (t) => {
  const target = await startRawServer(t, (req, res) => {
    // /__umc/health never answers; /__umc/clock begins its answer and never ends it.
    if (req.url === '/__umc/clock') res.writeHead(200, { 'content-type': 'application/json' }).write('{"now":');
  });
  const client = new ControlClient(target.url, { timeoutMs: 300 });
  const silent = await settled(client.health(), 5000);
  t.type(silent, ControlPlaneError);
  t.match(silent, { status: 0, path: '/__umc/health', detail: /在0.3秒内没有应答（timeoutMs）/, cause: { name: 'TimeoutError' } });
  const cut = await settled(client.clock.get(), 5000);
  t.type(cut, ControlPlaneError);
  t.match(cut, { status: 200, path: '/__umc/clock', detail: /^应答未读完：/, cause: { name: 'TimeoutError' } });
  t.equal(await settled(new ControlClient(target.url).health(), 600), 'still waiting', 'without timeoutMs, no limit (as before)');
});

t.test("redirect: 'manual': a redirect rejects with its status, and where it leads is never asked", async (t) => {
  const target = await startRawServer(t, (req, res) => {
    if (req.url === '/__umc/health') res.writeHead(302, { location: '/cas/login?service=umc' }).end();
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><title>统一身份认证</title></html>');
  });
  const manual = await settled(new ControlClient(target.url, { redirect: 'manual' }).health(), 5000);
  t.type(manual, ControlPlaneError);
  t.match(manual, { status: 302, path: '/__umc/health' });
  t.same(target.requests, ['/__umc/health'], 'the login page was not asked for');
  const followed = await settled(new ControlClient(target.url).health(), 5000);
  t.match(followed, { name: 'ControlPlaneError', status: 200, detail: /^应答不是JSON：<html>/ }, 'by default the redirect is followed (as before)');
  t.same(target.requests.slice(1), ['/__umc/health', '/cas/login?service=umc']);
});

t.test('users.all() reads every page from the nextOffset of the one before; a listing that does not advance is refused', async (t) => {
  const people = ['a', 'b', 'c', 'd', 'e'].map((userId) => ({ userId, name: userId.toUpperCase(), reachable: {} }));
  const target = await startRawServer(t, (req, res) => {
    const query = new URL(req.url!, 'http://x').searchParams;
    const offset = Number(query.get('offset') ?? 0);
    // Two a page; a search for "stuck" always says the next page starts at 1.
    const nextOffset = query.get('search') === 'stuck' ? 1 : offset + 2 < people.length ? offset + 2 : undefined;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: people.length, users: people.slice(offset, offset + 2), nextOffset }));
  });
  const client = new ControlClient(target.url);
  t.same(await client.users.all(), people, 'all five people, in order');
  t.same(target.requests, ['/__umc/users', '/__umc/users?offset=2', '/__umc/users?offset=4']);
  t.same((await client.users.list()).users.length, 2, 'list() is still one page');
  target.requests.length = 0;
  await t.rejects(client.users.all({ search: 'stuck' }), { name: 'ControlPlaneError', status: 200, detail: /^分页没有结束：第2页（offset 1）之后的nextOffset是1/ });
  t.same(target.requests, ['/__umc/users?search=stuck', '/__umc/users?search=stuck&offset=1'], 'the query on every page; stopped when nextOffset did not advance');
});

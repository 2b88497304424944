// What lies between the suite and the platform: a target that is not this API at all is said in
// one line before any case (exit 2); a redirect shows its Location and an HTML page one line of
// it; cases side by side stay within --rate-limit; safe mode's guard stops a wrongly classified case.
import { createServer } from 'node:http';
import t from 'tap';
import { allCases } from '../contract-tests/index.js';
import { HttpClient } from '../src/contract/http.js';
import { ConfigError } from '../src/contract/options.js';
import { runContract } from '../src/contract/runner.js';
import { UnreachableError } from '../src/contract/target.js';
import type { ContractCase } from '../src/contract/types.js';
import { loadSpec } from '../src/spec/load.js';
import { byId, contractOptions, failedChecks, runSuite } from './helpers/contract.js';
import { startDriftProxy } from './helpers/drift-proxy.js';
import { startIndependentPlatform } from './helpers/independent-platform.js';
import { startTestMock } from './helpers/mock.js';

const spec = loadSpec();

/** A server on 127.0.0.1 that answers every request with the same HTML page. */
async function htmlEverywhere(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' });
    res.end('<!DOCTYPE html>\n<html>\n<head><title>某某大学 统一门户</title></head>\n<body>\n  <div class="banner">欢迎访问</div>\n</body>\n</html>\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('the run went ahead');
}

t.test('every request redirected (a single sign-on gateway): one diagnosis with the Location, before any case', async (t) => {
  const p = await startIndependentPlatform(t, { regression: 'login-redirect' });
  const err = await refusal(runSuite(p.url, { appId: p.appId, appPassword: p.appPassword }));
  t.ok(err instanceof ConfigError, 'a configuration problem: exit 2');
  t.match(err.message, /把每个请求都重定向到别处/);
  t.match(err.message, /POST http:\/\/127\.0\.0\.1:\d+\/msg\/getThirdAPIToken → HTTP 302, Location: \/cas\/login\?service=/);
  t.notOk(err.message.includes(p.appPassword) || err.message.includes(encodeURIComponent(p.appPassword)), 'the appPassword is not in it');
  t.ok(p.requests.length <= 3, `${p.requests.length} requests: the token, one probe (and the health check)`);
});

t.test('HTML on every path (a portal): one diagnosis with the page title, before any case', async (t) => {
  const url = await htmlEverywhere(t);
  const err = await refusal(runSuite(url));
  t.ok(err instanceof ConfigError);
  t.match(err.message, /对每个请求都答复HTML页面而不是JSON/);
  t.match(err.message, /text\/html;charset=UTF-8: 某某大学 统一门户 欢迎访问\n/, 'the page on one line');
});

t.test('https to a plain-http port: a TLS diagnosis, not a stack', async (t) => {
  const p = await startIndependentPlatform(t);
  const err = await refusal(runSuite(p.url.replace('http:', 'https:'), { appId: p.appId, appPassword: p.appPassword }));
  t.ok(err instanceof UnreachableError, 'unreachable: exit 2');
  t.match(err.message, /TLS handshake failed .*the base URL says https, but the server speaks plain http/);
});

t.test('a redirect on one operation: the case fails json_body with the Location; the others run', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, {
    foreign: true,
    drift: (a) => {
      if (a.path !== '/message/getPublicList') return;
      Object.assign(a, { status: 302, location: '/sso/login?from=umc', contentType: 'text/html', json: undefined, text: '<html><body>Moved</body></html>' });
    },
  });
  const { report } = await runSuite(proxy.url, { only: ['getPublicList', 'getProgress'] });
  const c = byId(report, 'positive/getPublicList/list')!;
  t.ok(failedChecks(c).includes('json_body'));
  t.match(c.checks.find((k) => k.name === 'json_body')?.got, /^HTTP 302 → \/sso\/login\?from=umc, an HTML page: Moved$/);
  t.match(c.exchanges[0], { status: 302, location: '/sso/login?from=umc' });
  t.match(report.causes.find((x) => x.check === 'json_body'), { cause: 'HTTP 302 → /sso/login' }, 'the redirect is one cause for every case of the operation');
  t.equal(byId(report, 'negative/getProgress/msgId-missing')?.status, 'passed', 'the other operations are judged as usual');
});

t.test('cases side by side stay within --rate-limit', async (t) => {
  const starts: number[] = [];
  const server = createServer((_req, res) => {
    starts.push(performance.now());
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/x`;
  const client = new HttpClient({ timeoutMs: 5000, rateLimit: 25 });
  await Promise.all(Array.from({ length: 12 }, (_, i) => client.send('getProgress', `#${i}`, { method: 'POST', url, query: [] })));
  t.equal(starts.length, 12);
  // 12 starts at 25 per second span 11 intervals of 40 ms; arrival jitter aside, never much less.
  const span = starts.at(-1)! - starts[0]!;
  t.ok(span >= 400, `12 requests sent together arrive over ${span.toFixed(0)} ms (at least 11 × 40 ms less jitter)`);
});

t.test("safe mode's guard: a case wrongly marked safe never gets a valid token to a state-changing operation", async (t) => {
  const p = await startIndependentPlatform(t);
  const misclassified: ContractCase = {
    id: 'positive/sendMessageApi/misclassified',
    group: 'positive',
    operationIds: ['sendMessageApi'],
    title: 'a send wrongly marked safe',
    mode: 'safe',
    doc: { section: '5.3.1', phrase: '消息发送' },
    async run(ctx) {
      await ctx.call('sendMessageApi', { token: await ctx.token(), msgtitle: 'x', msgType: '1', msgContent: 'x', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: '[{"type":"User","userId":"qa001"}]' });
    },
  };
  const options = contractOptions(p.url, { appId: p.appId, appPassword: p.appPassword, mode: 'safe' });
  const { report } = await runContract({ options, cases: [...allCases(spec, 1).filter((c) => c.id === 'token/getThirdAPIToken/issues-token'), misclassified], spec });
  const c = byId(report, misclassified.id)!;
  t.equal(c.status, 'error', 'the case is an error of the suite, not a verdict on the platform');
  t.match(c.checks, [{ name: 'suite_error', verdict: 'error', got: /safe mode: case positive\/sendMessageApi\/misclassified would send a valid token to sendMessageApi/ }]);
  t.same(p.requests.filter((r) => r.path === '/message/sendMessageApi'), [], 'nothing reached the send');
});

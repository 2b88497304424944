// Against a target that is not the mock (a proxy that hides /__umc): the suite is safe by
// default, needs --receivers for full mode and sends only to them, and honours --timeout and
// --rate-limit; unusable configurations are reported before any case.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { NO_MOBILE, NOBODY } from '../contract-tests/samples.js';
import { ConfigError } from '../src/contract/options.js';
import { UnreachableError } from '../src/contract/target.js';
import { loadSpec } from '../src/spec/load.js';
import { byId, failedChecks, runSuite } from './helpers/contract.js';
import { startDriftProxy, type SeenRequest } from './helpers/drift-proxy.js';
import { startTestMock } from './helpers/mock.js';
import { freePort } from './helpers/free-port.js';

const spec = loadSpec();
const SEND_PATHS = new Set(spec.operations.filter((o) => o.tags.includes('send')).map((o) => o.path));

/** Everyone a send request addresses: receivers userIds/mobiles, userId, userList. */
function addressed(req: SeenRequest): string[] {
  let params: Record<string, unknown>;
  if (req.contentType?.includes('json')) {
    try {
      params = JSON.parse(req.body);
    } catch {
      return [];
    }
  } else params = Object.fromEntries(new URLSearchParams(req.body));
  const out: string[] = [];
  if (typeof params.receivers === 'string') {
    try {
      for (const r of JSON.parse(params.receivers)) if (r.userId ?? r.mobile) out.push(String(r.userId ?? r.mobile));
    } catch {
      // malformed on purpose: addresses nobody
    }
  }
  if (typeof params.userId === 'string') out.push(params.userId);
  if (typeof params.userList === 'string') out.push(...params.userList.split(/[|｜]/));
  return out;
}

t.test('safe mode sends nothing deliverable and nothing undocumented', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, { foreign: true });
  const { report } = await runSuite(proxy.url);
  t.notOk(report.isMock, 'a target without the mock health answer is a real deployment');
  const sends = proxy.requests.filter((r) => SEND_PATHS.has(r.path));
  t.ok(sends.length >= 12, `${sends.length} requests to send operations, all without a valid token`);
  const people = new Set(sends.flatMap(addressed));
  t.same([...people].filter((p) => p !== NOBODY && p !== NO_MOBILE), [], 'they address only the placeholders that match nobody');
  const documented = new Set(spec.operations.map((o) => `${o.method} ${o.path}`));
  const other = proxy.requests.filter((r) => !documented.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path}`);
  t.same(other, ['GET /__umc/health'], 'no undocumented method or path is probed (only the mock recognition)');
  t.notOk(report.results.some((r) => r.group === 'flow'), 'no flow runs in safe mode');
});

t.test('on a real deployment 999999 on a valid request is a failure', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, {
    foreign: true,
    drift: (a) => {
      if (a.path === '/message/getPublicList' && a.json?.rspCode === '000000') {
        a.json = { rspCode: '999999', rspMsg: 'umc-mock尚未实现此接口', debuggerErrorMsg: null, resultData: null };
      }
    },
  });
  const { report } = await runSuite(proxy.url, { only: ['getPublicList'] });
  const c = byId(report, 'positive/getPublicList/list');
  t.equal(c?.status, 'failed');
  t.ok(failedChecks(c).includes('positive_data_acceptance'));
});

t.test('full mode on a real deployment requires --receivers and sends only to them', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, { foreign: true });
  await t.rejects(runSuite(proxy.url, { mode: 'full' }), ConfigError, 'no receivers file: configuration error');
  await t.rejects(runSuite(proxy.url, { mode: 'full' }), /--receivers/);

  const file = join(tmpdir(), `umc-contract-receivers-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ users: [{ userId: 'qa-tester-1', name: '测试员' }], mobiles: ['13800000000'] }));
  // flowTimeoutSeconds below one poll step: a flow that would have to wait fails at once.
  const { report } = await runSuite(proxy.url, { mode: 'full', receiversFile: file, flowTimeoutSeconds: 1 });
  const sends = proxy.requests.filter((r) => SEND_PATHS.has(r.path));
  t.ok(sends.length > 40, `${sends.length} requests to send operations in full mode`);
  const people = new Set(sends.flatMap(addressed));
  t.same([...people].filter((p) => ![NOBODY, NO_MOBILE, 'qa-tester-1', '13800000000'].includes(p)), [], 'only the named receivers and placeholders');
  t.notOk(report.results.some((r) => r.status === 'inconclusive' && /umc-mock|mock's/.test(r.reason ?? '')), 'nothing off the mock waits for the mock');
});

t.test('a bad receivers file is a configuration error', async (t) => {
  const mock = await startTestMock(t);
  const file = join(tmpdir(), `umc-contract-bad-receivers-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ users: [{ name: 'no id' }] }));
  await t.rejects(runSuite(mock.url, { mode: 'full', receiversFile: file }), /users\[0\] 缺少userId/);
  writeFileSync(file, '{not json');
  await t.rejects(runSuite(mock.url, { mode: 'full', receiversFile: file }), ConfigError);
});

t.test('--timeout: a target that does not answer is an error of the case (http_response), not a contract fail', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, { drift: (a) => (a.path === '/message/getPublicList' ? 'hang' : undefined) });
  const { report } = await runSuite(proxy.url, { only: ['auth/getPublicList'], timeoutMs: 300 });
  const c = byId(report, 'auth/getPublicList/no-token');
  t.equal(c?.status, 'error');
  t.same(failedChecks(c), []);
  t.match(c?.checks[0], { name: 'http_response', verdict: 'error', got: /no answer within 0.3 s/ });
});

t.test('--rate-limit spaces the requests', async (t) => {
  const mock = await startTestMock(t);
  const started = performance.now();
  const { report } = await runSuite(mock.url, { only: ['token'], rateLimit: 40 });
  const elapsed = performance.now() - started;
  const requests = report.results.reduce((n, r) => n + r.exchanges.length, 0) + 1;
  t.ok(requests >= 6);
  t.ok(elapsed >= ((requests - 1) * 1000) / 40 - 5, `${requests} requests at 40/s took ${Math.round(elapsed)} ms`);
});

t.test('unusable configurations stop before any case', async (t) => {
  const port = await freePort();
  await t.rejects(runSuite(`http://127.0.0.1:${port}`), UnreachableError, 'nothing listening');
  await t.rejects(runSuite(`http://127.0.0.1:${port}`), /无法连接被测部署.*connection refused/);
  const mock = await startTestMock(t);
  await t.rejects(runSuite(mock.url, { appPassword: 'dW1jLWNvbnRyYWN0LXdyb25nLXBhc3N3b3JkLTAwMDA' }), /500002.*--app-id/);
  await t.rejects(runSuite(`${mock.url}/some/prefix`), /HTTP 404.*--base-url/);
});

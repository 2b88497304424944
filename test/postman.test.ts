// `umc-mock export postman` writes a collection an integrator can run as is: every operation,
// credentials as variables, the token fetched and cached by the collection; newman runs it green.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import newman, { type NewmanRunSummary } from 'newman';
import { scenarioDefaults } from '../src/cli/export-postman.js';
import { loadSpec } from '../src/spec/load.js';
import { POSTMAN_SCHEMA, postmanCollection } from '../src/spec/postman.js';
import { loadScenario } from '../src/store/scenarios.js';
import { DEMO_APP, request, startTestMock } from './helpers/mock.js';

// newman runs the whole collection several times: allow more than the suite-wide 60 s.
t.setTimeout(240_000);

const BIN = fileURLToPath(new URL('../bin/umc-mock.js', import.meta.url));

function exported(baseUrl: string) {
  return postmanCollection(loadSpec(), scenarioDefaults(loadScenario('default'), baseUrl));
}

function runNewman(collection: unknown, options: Record<string, unknown> = {}): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => newman.run({ collection, reporters: [], ...options }, (err, summary) => (err ? reject(err) : resolve(summary))));
}

function failures(summary: NewmanRunSummary) {
  return summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ?? ''} ${f.error.message}`);
}

t.test('the collection: v2.1, one request per operation of openapi.yaml, a variable per credential, the token script', async (t) => {
  const collection = exported('http://127.0.0.1:8010');
  t.equal(collection.info.schema, POSTMAN_SCHEMA);
  const requests = collection.item.flatMap((folder) => folder.item);
  const spec = loadSpec();
  t.equal(requests.length, spec.operations.length, 'every operation');
  const seen = requests.map((item) => `${item.request.method} ${(item.request.url as { path: string[] }).path.join('/')}`).sort();
  t.same(seen, spec.operations.map((op) => `${op.method} ${op.path.slice(1)}`).sort());
  const vars = Object.fromEntries(collection.variable.map((v) => [v.key, v.value]));
  t.match(vars, { baseUrl: 'http://127.0.0.1:8010', appId: DEMO_APP.appId, appPassword: DEMO_APP.appPassword, token: '' });
  const prerequest = collection.event.find((e) => e.listen === 'prerequest')!.script.exec.join('\n');
  t.match(prerequest, /\/msg\/getThirdAPIToken\?appId=/, 'fetches the token by GET');
  t.match(prerequest, /tokenExpiresAt/, 'and caches it until it expires');
  for (const item of requests) {
    const body = JSON.stringify(item.request);
    if (!item.request.url || !(item.request.url as { raw: string }).raw.includes('getThirdAPIToken')) t.match(body, '{{token}}', `${item.name} uses the token variable`);
    t.notMatch(body, DEMO_APP.appPassword, `${item.name}: no secret written into a request`);
  }
});

t.test('newman runs the exported collection against the mock: every request passes, twice over', async (t) => {
  const mock = await startTestMock(t);
  const summary = await runNewman(exported(mock.url), { iterationCount: 2 });
  t.same(failures(summary), [], 'no failure');
  const journal = await request(`${mock.url}/__umc/requests?limit=1000`);
  const byOperation = (id: string) => journal.json.requests.filter((r: { operationId: string }) => r.operationId === id).length;
  for (const op of loadSpec().operations) {
    // 5.2.4 is also what the 5.4.1 request polls while its todo is delivered.
    if (op.operationId === 'getProgress') t.ok(byOperation(op.operationId) >= 2, 'getProgress at least once per iteration');
    else t.equal(byOperation(op.operationId), 2, `${op.operationId} once per iteration`);
  }
  t.equal(summary.run.stats.assertions.failed, 0);
  t.ok(summary.run.stats.assertions.total >= 2 * 13, 'one rspCode check per request');
  t.same(journal.json.requests.filter((r: { operationId: string }) => r.operationId === 'checkMessageStatusApi').map((r: { rspCode: string }) => r.rspCode), ['000000', '000000'], 'the todo was completed through 5.4.1, after its delivery');
});

t.test('without the 5.1.1 requests, the collection script fetches the token once and reuses it', async (t) => {
  const mock = await startTestMock(t);
  const summary = await runNewman(exported(mock.url), { folder: '消息发送' });
  t.same(failures(summary), []);
  const tokenCalls = await request(`${mock.url}/__umc/requests?operationId=getThirdAPITokenByGet`);
  t.equal(tokenCalls.json.total, 1, 'one token for four requests');
  const sends = await request(`${mock.url}/__umc/requests?path=/message/sendMessageApi`);
  t.equal(sends.json.requests[0].params.token, '***');
});

t.test('a token the platform rejects (500003) is dropped and fetched again', async (t) => {
  const mock = await startTestMock(t);
  const collection = exported(mock.url);
  const variable = (key: string) => collection.variable.find((v) => v.key === key)!;
  variable('token').value = 'expired-token';
  variable('tokenExpiresAt').value = String(Date.now() + 3_600_000);
  const summary = await runNewman(collection, { folder: '消息发送' });
  t.equal(summary.run.failures.length, 1, 'the first request meets the stale token');
  const journal = await request(`${mock.url}/__umc/requests`);
  t.same(
    journal.json.requests.map((r: { operationId: string; rspCode: string }) => `${r.operationId} ${r.rspCode}`).reverse(),
    ['sendMessageApi 500003', 'getThirdAPITokenByGet 000000', 'sendMessageBySMSApi 1', 'sendTemplateApi 000000', 'cardMessage 000000'],
    'the script fetched a new token, and the rest ran with it',
  );
});

t.test('umc-mock export postman --base-url --out writes the file; bad input exits 2', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-postman-'));
  const file = join(dir, 'umc.postman_collection.json');
  const ok = spawnSync(process.execPath, [BIN, 'export', 'postman', '--base-url', 'https://umc.example.edu.cn/', '--out', file], { encoding: 'utf8' });
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /13个请求/);
  const written = JSON.parse(readFileSync(file, 'utf8'));
  t.equal(written.variable.find((v: { key: string }) => v.key === 'baseUrl').value, 'https://umc.example.edu.cn', 'trailing slash dropped');
  const stdout = spawnSync(process.execPath, [BIN, 'export', 'postman'], { encoding: 'utf8' });
  t.equal(JSON.parse(stdout.stdout).info.schema, POSTMAN_SCHEMA, 'stdout without --out');
  for (const args of [['export', 'postman', '--base-url', 'ftp://x'], ['export', 'swagger'], ['export', 'postman', '--nope']]) {
    const bad = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    t.equal(bad.status, 2, args.join(' '));
    t.match(bad.stderr, /用法: umc-mock export postman/);
  }
});

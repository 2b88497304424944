// The umc-contract command as QA runs it: exit codes 0/1/2, readable output without stack
// traces, JUnit XML that parses, curl reproductions that work, and no secret in any output.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Parser as TapParser } from 'tap-parser';
import t from 'tap';
import { startDriftProxy } from './helpers/drift-proxy.js';
import { startIndependentPlatform } from './helpers/independent-platform.js';
import { elements, parseStrictXml } from './helpers/strict-xml.js';
import { DEMO_APP, startTestMock } from './helpers/mock.js';
import { freePort } from './helpers/free-port.js';
import { runProcess, type ProcessResult as Outcome } from './helpers/run-process.js';

const BIN = new URL('../bin/umc-contract.js', import.meta.url).pathname;
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return runProcess(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
}

const creds = ['--app-id', DEMO_APP.appId, '--app-password', DEMO_APP.appPassword];

// Each test starts its own mock and runs umc-contract as a child process: three at a time.
t.jobs = 3;

t.test('exit 0 against the mock, TAP on stdout, a readable summary', async (t) => {
  const mock = await startTestMock(t);
  const res = await cli(['--base-url', mock.url, ...creds, '--seed', '3']);
  t.equal(res.code, 0, res.stderr);
  t.match(res.stdout, /^TAP version 14\n/);
  t.match(res.stdout, /^ok \d+ - auth\/sendMessageApi\/no-token/m);
  t.match(res.stderr, /umc-contract http:\/\/127\.0\.0\.1:\d+ \(umc-mock\), mode safe, seed 3/);
  t.match(res.stderr, /^PASS: \d+ passed, 0 failed, 0 noted, 0 inconclusive, 0 errors in [\d.]+ s; notes: 0 client-visible, 0 wording$/m);
  t.match(res.stdout, /^# verdicts: fail = breaks what the vendor document states/m, 'the report explains its verdicts');
});

t.test('credentials from the environment; full mode against the mock', async (t) => {
  const mock = await startTestMock(t);
  const res = await cli(['--mode', 'full', '--reporter', 'json'], { UMC_BASE_URL: mock.url, UMC_APP_ID: DEMO_APP.appId, UMC_APP_PASSWORD: DEMO_APP.appPassword });
  t.equal(res.code, 0, res.stderr);
  const report = JSON.parse(res.stdout);
  t.equal(report.mode, 'full');
  t.ok(report.cases.some((c: { group: string }) => c.group === 'flow'));
  t.equal(report.counts.failed, 0);
});

t.test('--reporter junit --out FILE writes well-formed JUnit XML; several reporters at once', async (t) => {
  const mock = await startTestMock(t);
  const dir = mkdtempSync(join(tmpdir(), 'umc-contract-'));
  const xml = join(dir, 'junit.xml');
  const json = join(dir, 'report.json');
  const res = await cli(['--base-url', mock.url, ...creds, '--reporter', 'junit,json', '--out', xml, '--out', json]);
  t.equal(res.code, 0, res.stderr);
  t.match(res.stdout, /PASS: /, 'with no reporter on stdout the summary goes there');
  const doc = parseStrictXml(readFileSync(xml, 'utf8'));
  const report = JSON.parse(readFileSync(json, 'utf8'));
  t.equal(Number(doc.attributes.tests), report.counts.total, 'one testcase per case');
  const suites = elements(doc, 'testsuite');
  t.same(suites.map((s) => s.attributes.name).sort(), ['umc-contract.auth', 'umc-contract.negative', 'umc-contract.positive', 'umc-contract.token']);
  t.equal(elements(doc, 'testcase').length, report.counts.total);
});

t.test('the target from UMC_URL (where umc-mock is); --out -,FILE as a list', async (t) => {
  const mock = await startTestMock(t);
  const xml = join(mkdtempSync(join(tmpdir(), 'umc-contract-')), 'junit.xml');
  const res = await cli(['--only', 'token', '--reporter', 'tap,junit', '--out', `-,${xml}`], { UMC_URL: mock.url, UMC_APP_ID: DEMO_APP.appId, UMC_APP_PASSWORD: DEMO_APP.appPassword });
  t.equal(res.code, 0, res.stderr);
  t.match(res.stderr, `umc-contract ${mock.url} (umc-mock)`, 'no --base-url, no UMC_BASE_URL: UMC_URL');
  t.match(res.stdout, /^TAP version 14\n/, 'the first report on standard output');
  t.ok(elements(parseStrictXml(readFileSync(xml, 'utf8')), 'testcase').length > 0, 'the second in the file');
});

t.test('exit 1 on drift: the failure names operation, case, check, expected vs got and a masked curl that reproduces it', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, {
    drift: (a) => {
      if (a.path === '/message/replyMessage' && a.json?.rspCode === '500003') a.json.rspCode = '000000';
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'umc-contract-'));
  const xml = join(dir, 'junit.xml');
  const res = await cli(['--base-url', proxy.url, ...creds, '--only', 'replyMessage', '--reporter', 'tap,junit', '--out', '-', '--out', xml]);
  t.equal(res.code, 1);
  t.match(res.stdout, /^not ok \d+ - auth\/replyMessage\/garbage-token/m);
  t.match(res.stdout, /- check: "rejects_bad_token"\n\s+basis: "document 表4-1-2「500003 通用 无效的请求凭证」"\n\s+expected: /);
  t.match(res.stdout, /got: "accepted: rspCode 000000"/);
  const parsed = await new Promise<{ ok: boolean; count: number; fail: number; failures: { name: string; diag?: Record<string, unknown> }[] }>((resolve) => {
    const parser = new TapParser((results) => resolve(results as never));
    parser.end(res.stdout);
  });
  t.equal(parsed.ok, false, 'the TAP stream parses and says not ok');
  t.ok(parsed.fail >= 3, `${parsed.fail} failed test points`);
  t.match(parsed.failures.find((f) => f.name.startsWith('auth/replyMessage/garbage-token'))?.diag, {
    case: 'auth/replyMessage/garbage-token',
    operation: 'replyMessage',
    document: '表4-1-2「500003 通用 无效的请求凭证」',
    failures: [{ check: 'rejects_bad_token', expected: /rejection of token/, got: 'accepted: rspCode 000000', request: 1 }],
    requests: [{ request: 1, step: 'replyMessage, replyMessage', answer: /^HTTP 200 \(application\/json[^)]*\) in [\d.]+ ms: \{"rspCode":"000000"/, curl: /^curl / }],
  }, 'the YAML block carries the case expectation first, then the request it points at, once');
  t.match(res.stderr, /✗ auth\/replyMessage\/garbage-token/);
  t.match(res.stderr, /fail {6}rejects_bad_token {2}\(request 1\)/);
  t.match(res.stderr, /^FAIL: \d+ passed, [1-9]\d* failed/m);
  const junit = parseStrictXml(readFileSync(xml, 'utf8'));
  const failure = elements(junit, 'testcase').find((c) => c.attributes.name?.startsWith('auth/replyMessage/garbage-token'))?.children.find((c) => c.name === 'failure');
  t.match(failure?.attributes, { type: 'rejects_bad_token', message: /^rejects_bad_token: expected a rejection of token .*; got accepted: rspCode 000000 \(document 表4-1-2「500003 通用 无效的请求凭证」\)/ }, 'the message is a sentence: expected, got, the passage');

  const negative = /reproduce (curl [^\n]*replyMessage[^\n]*count=101[^\n]*)/.exec(res.stderr);
  t.ok(negative === null, 'passing cases print no curl');
  const garbage = /reproduce (curl [^\n]*garbage-token[^\n]*)/.exec(res.stderr)?.[1];
  t.ok(garbage, 'a curl command for the failure');
  const { stdout } = await run('bash', ['-c', garbage!]);
  t.match(stdout, /"rspCode":"000000"/, 'the curl reproduces the drifted answer');
});

t.test('a curl with the token masked reproduces the request once UMC_TOKEN is set', async (t) => {
  const mock = await startTestMock(t);
  const proxy = await startDriftProxy(t, mock.url, {
    drift: (a) => {
      if (a.path === '/message/getProgress' && a.json?.rspCode === '500001') a.json = { rspCode: '999999', rspMsg: '参数错误', resultData: null };
    },
  });
  const res = await cli(['--base-url', proxy.url, ...creds, '--only', 'negative/getProgress']);
  t.equal(res.code, 1);
  const curl = /reproduce (curl [^\n]*getProgress[^\n]*)/.exec(res.stderr)?.[1];
  t.match(curl, /"\$UMC_TOKEN"/, 'the token is a variable');
  t.notMatch(curl, /[0-9a-f]{8}-[0-9a-f]{4}-4/, 'no token value');
  const token = JSON.parse((await run('curl', ['-sS', `${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`])).stdout).resultData.token;
  const { stdout } = await run('bash', ['-c', curl!], { env: { PATH: process.env.PATH, UMC_TOKEN: token } });
  t.match(JSON.parse(stdout), { rspCode: '999999', rspMsg: '参数错误' }, 'same answer as in the run');
});

t.test('exit 2 with a clear message and no stack trace', async (t) => {
  const mock = await startTestMock(t);
  const closed = await freePort();
  const cases: [string, string[], RegExp][] = [
    ['no base URL', [...creds], /缺少 --base-url/],
    ['bad mode', ['--base-url', mock.url, ...creds, '--mode', 'loud'], /--mode 只能是 safe 或 full/],
    ['bad reporter', ['--base-url', mock.url, ...creds, '--reporter', 'html'], /--reporter 只能是/],
    ['unknown flag', ['--base-url', mock.url, ...creds, '--frobnicate'], /Unknown option '--frobnicate'/],
    ['unreachable', ['--base-url', `http://127.0.0.1:${closed}`, ...creds], new RegExp(`无法连接被测部署 http://127\\.0\\.0\\.1:${closed}：connection refused`)],
    ['wrong password', ['--base-url', mock.url, '--app-id', DEMO_APP.appId, '--app-password', 'not-the-password'], /500002/],
    ['unknown selector', ['--base-url', mock.url, ...creds, '--only', 'sendEverything'], /不认识：sendEverything/],
    ['missing report folder', ['--base-url', mock.url, ...creds, '--reporter', 'junit', '--out', '/no/such/dir/j.xml'], /目录不存在/],
  ];
  // The runs go side by side (each its own process); each is judged in order below.
  const outcomes = await Promise.all(cases.map(([, args]) => cli(args)));
  for (const [i, [name, , message]] of cases.entries()) {
    const res = outcomes[i]!;
    t.equal(res.code, 2, name);
    t.match(res.stderr, message, name);
    t.notMatch(res.stderr, /\n\s+at /, `${name}: no stack trace`);
  }
});

t.test('no secret in any output or report, even when failures print bodies and curls', async (t) => {
  const mock = await startTestMock(t);
  // Failures on the token operation (its body carries the token, its request the password)
  // and on an operation called with the token.
  const proxy = await startDriftProxy(t, mock.url, {
    drift: (a) => {
      if (a.path === '/msg/getThirdAPIToken' && a.method === 'POST') a.status = 500;
      if (a.path === '/message/replyMessage') a.status = 500;
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'umc-contract-'));
  const files = { tap: join(dir, 'r.tap'), junit: join(dir, 'r.xml'), json: join(dir, 'r.json') };
  const res = await cli(['--base-url', proxy.url, ...creds, '--mode', 'full', '--reporter', 'tap,junit,json', '--out', `tap=${files.tap}`, '--out', `junit=${files.junit}`, '--out', `json=${files.json}`]);
  t.equal(res.code, 1);
  const outputs: Record<string, string> = { stdout: res.stdout, stderr: res.stderr, ...Object.fromEntries(Object.entries(files).map(([k, f]) => [k, readFileSync(f, 'utf8')])) };
  t.match(outputs.json, /UMC_APP_PASSWORD/, 'the curls name the password by variable');
  t.ok(proxy.tokens.length > 3, `${proxy.tokens.length} tokens were issued during the run`);
  for (const [name, text] of Object.entries(outputs)) {
    t.notOk(text.includes(DEMO_APP.appPassword), `${name}: no appPassword`);
    t.notOk(text.includes(encodeURIComponent(DEMO_APP.appPassword)), `${name}: no URL-encoded appPassword`);
    for (const token of proxy.tokens) t.notOk(text.includes(token), `${name}: no token`);
  }
});

t.test('--strict turns notes into fails; --out assumptions=FILE writes the assumption report', async (t) => {
  const mock = await startTestMock(t);
  // A deployment that words its messages its own way: notes, never a fail.
  const proxy = await startDriftProxy(t, mock.url, {
    foreign: true,
    drift: (a) => {
      if (a.json?.rspCode === '500001') a.json.rspMsg = '参数错误';
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'umc-contract-'));
  const file = join(dir, 'assumptions.json');
  const lenient = await cli(['--base-url', proxy.url, ...creds, '--only', 'getProgress', '--out', `assumptions=${file}`]);
  t.equal(lenient.code, 0, 'notes do not make exit 1');
  t.match(lenient.stderr, /Notes \(\d+: \d+ client-visible, \d+ wording\): differences from umc-mock's assumptions/);
  t.match(lenient.stderr, /Assumptions of umc-mock this run could observe/);
  t.match(lenient.stderr, /contradicted +rspMsg\.names-field/);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  t.match(report.assumptions.find((a: { id: string }) => a.id === 'rspMsg.names-field'), { status: 'contradicted', examples: [{ got: '参数错误' }] });
  t.ok(report.assumptions.some((a: { status: string }) => a.status === 'confirmed'));
  const strict = await cli(['--base-url', proxy.url, ...creds, '--only', 'getProgress', '--strict']);
  t.equal(strict.code, 1, '--strict: the same notes are fails');
});

t.test('a closed pipe ends quietly (| head)', async (t) => {
  const mock = await startTestMock(t);
  const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail; node ${BIN} --base-url ${mock.url} --app-id ${DEMO_APP.appId} --app-password ${DEMO_APP.appPassword} | head -1; echo "exit=\${PIPESTATUS[0]}"`]);
  t.match(stdout, /^TAP version 14\nexit=0\n$/);
  t.notMatch(stderr, /EPIPE|\n\s+at /, 'no EPIPE stack');
});

t.test('--admin-token: a shared mock behind an admin token is still recognised as umc-mock; the token is never printed', async (t) => {
  const mock = await startTestMock(t, { adminToken: 'shared-admin-token-0001' });
  const without = await cli(['--base-url', mock.url, ...creds, '--only', 'token', '--reporter', 'json']);
  t.equal(JSON.parse(without.stdout).isMock, false, 'without it the control plane refuses and the target looks foreign');
  const withToken = await cli(['--base-url', mock.url, ...creds, '--mode', 'full', '--only', 'flow/sendMessageApi', '--reporter', 'json'], { UMC_ADMIN_TOKEN: 'shared-admin-token-0001' });
  t.equal(withToken.code, 0, withToken.stderr);
  const report = JSON.parse(withToken.stdout);
  t.equal(report.isMock, true, 'UMC_ADMIN_TOKEN: recognised, and full mode moves its clock');
  t.notOk(withToken.stdout.includes('shared-admin-token-0001') || withToken.stderr.includes('shared-admin-token-0001'));
});

t.test('on a terminal, one progress line per group; none in CI', async (t) => {
  const mock = await startTestMock(t);
  const command = `node ${BIN} --base-url ${mock.url} --app-id ${DEMO_APP.appId} --app-password ${DEMO_APP.appPassword} --only token,auth --reporter json --out /dev/null`;
  // script(1) gives the child a pseudo-terminal, as a QA engineer's shell would.
  const onTty = await run('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH } });
  // A line per group once all of its cases ended (cases run side by side; the token group ends last).
  t.match(onTty.stdout, /^ {2}auth +\d+ cases: \d+ passed\r?$/m);
  t.match(onTty.stdout, /^ {2}token +\d+ cases: \d+ passed\r?$/m);
  const inCi = await run('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, CI: 'true' } });
  t.notMatch(inCi.stdout, /cases: \d+ passed/, 'quiet in CI');
  t.match(inCi.stdout, /PASS: /);
});

t.test('the release check from the command line: --save-profile on this release, --baseline on the next', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-contract-'));
  const profile = join(dir, 'release-1.json');
  const faithful = await startIndependentPlatform(t);
  const args = (p: { url: string; appId: string }) => ['--base-url', p.url, '--app-id', p.appId, '--rate-limit', '200', '--reporter', 'json', '--out', '/dev/null'];
  const saved = await cli([...args(faithful), '--save-profile', profile], { UMC_APP_PASSWORD: faithful.appPassword });
  t.equal(saved.code, 0, saved.stderr);
  const text = readFileSync(profile, 'utf8');
  t.match(JSON.parse(text), { format: 'umc-contract-profile', version: 1, mode: 'safe' });
  t.notOk(text.includes(faithful.appPassword) || text.includes(faithful.url), 'no secret, no target in the profile');

  const again = await cli([...args(faithful), '--baseline', profile], { UMC_APP_PASSWORD: faithful.appPassword });
  t.equal(again.code, 0, 'the same release again: exit 0');
  t.match(again.stdout, /Baseline .*release-1\.json \(saved [^)]+\): \d+ cases compared, 0 changed in what clients see/);

  const next = await startIndependentPlatform(t, { regression: 'text-html' });
  const changed = await cli([...args(next), '--baseline', profile], { UMC_APP_PASSWORD: next.appPassword });
  t.equal(changed.code, 1, 'a release that answers text/html: exit 1');
  t.match(changed.stdout, /C1 fail unchanged_since_baseline: Content-Type changed since the baseline: application\/json;charset=utf-8 → text\/html;charset=utf-8 \(\d+ cases/);

  const broken = join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify({ format: 'umc-contract-profile', version: 2 }));
  const refused = await cli([...args(faithful), '--baseline', broken], { UMC_APP_PASSWORD: faithful.appPassword });
  t.equal(refused.code, 2, 'a profile of another version: exit 2');
  t.match(refused.stderr, /broken\.json.*第2版/);
});

t.test('exit 2 before any case when the target is not this API; exit 1 for an echoed secret', async (t) => {
  const sso = await startIndependentPlatform(t, { regression: 'login-redirect' });
  const redirected = await cli(['--base-url', sso.url, '--app-id', sso.appId], { UMC_APP_PASSWORD: sso.appPassword });
  t.equal(redirected.code, 2);
  t.match(redirected.stderr, /把每个请求都重定向到别处[^\n]*\n {2}POST [^\n]*getThirdAPIToken → HTTP 302, Location: \/cas\/login\?service=/);
  t.notMatch(redirected.stderr, /\n\s+at /, 'no stack trace');
  t.notOk(redirected.stderr.includes(sso.appPassword) || redirected.stderr.includes(encodeURIComponent(sso.appPassword)), 'the appPassword masked');

  const echo = await startIndependentPlatform(t, { regression: 'echo-password' });
  const leaked = await cli(['--base-url', echo.url, '--app-id', echo.appId, '--only', 'token', '--rate-limit', '200'], { UMC_APP_PASSWORD: echo.appPassword });
  t.equal(leaked.code, 1, 'a security finding makes exit 1');
  t.match(leaked.stderr, /^SECURITY \(1\): the deployment sends secrets back \(exit 1\)\n {2}✗ the answer to getThirdAPIToken \(token\) echoes the appPassword in resultData\.app\.appPassword/);
  t.match(leaked.stdout, /^not ok 1 - security: /m);
  t.notOk(leaked.stdout.includes(echo.appPassword) || leaked.stderr.includes(echo.appPassword), 'reports show it masked');
});

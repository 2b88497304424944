// umc-mock as a person starts it: flags, banner with URL and demo credentials, clean shutdown.
import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseMockOptions } from '../src/cli/mock-options.js';
import { freePort } from './helpers/free-port.js';

const BIN = fileURLToPath(new URL('../bin/umc-mock.js', import.meta.url));

/** The environment without UMC_URL and UMC_PORT (a developer's shell may set them), plus `env`. */
function envWith(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { UMC_URL: _url, UMC_PORT: _port, ...rest } = process.env;
  return { ...rest, ...env };
}

function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: envWith(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, banner, output: () => ({ stdout, stderr }) };
}

// Each test runs umc-mock as child processes of its own (port 0): three at a time.
t.jobs = 3;

t.test('starts, prints its URL and the demo credentials, serves, and stops on SIGTERM', async (t) => {
  const cli = startCli(['--port', '0', '--log-level', 'info']);
  const url = await cli.banner;
  t.match(cli.output().stdout, /appId=MSG123456/);
  t.match(cli.output().stdout, `开发收件箱 ${url}/__umc/ui/`, 'the banner links the dev inbox');
  t.match(cli.output().stdout, `API文档    ${url}/docs`, 'and the API docs');
  t.notMatch(cli.output().stdout, '部署档案', 'no profile, no profile line');
  const res = await fetch(`${url}/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY`);
  const body = (await res.json()) as { resultData: { token: string } };
  await fetch(`${url}/message/getProgress?token=${body.resultData.token}`, { method: 'POST' });
  cli.child.kill('SIGTERM');
  const [code] = await once(cli.child, 'exit');
  t.equal(code, 0, 'clean exit');
  const { stdout, stderr } = cli.output();
  t.match(stdout, /request completed/, 'requests are logged at --log-level info');
  t.notMatch(stdout + stderr, body.resultData.token, 'the token never reaches the log');
  const logLines = stdout.split('\n').filter((line) => line.startsWith('{'));
  t.ok(logLines.length > 0);
  t.notOk(logLines.some((line) => line.includes('MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY')), 'nor the appPassword');
});

t.test('SIGINT stops it too', async (t) => {
  const cli = startCli(['--port', '0']);
  await cli.banner;
  cli.child.kill('SIGINT');
  const [code] = await once(cli.child, 'exit');
  t.equal(code, 0);
});

t.test('bad flags exit 2 with a message and the usage', async (t) => {
  for (const args of [['--port', 'abc'], ['--nope'], ['--log-level', 'loud']]) {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = await once(child, 'exit');
    t.equal(code, 2, args.join(' '));
    t.match(stderr, /用法: umc-mock/);
    t.notMatch(stderr, /\bat .*\(.*:\d+:\d+\)/, 'no stack trace');
  }
});

t.test('an unknown scenario stops start-up with a clear message', async (t) => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--scenario', 'no-such-scenario'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  t.equal(code, 1);
  t.match(stderr, /场景不存在：no-such-scenario/);
});

t.test('defaults: 127.0.0.1:8010, the default scenario', async (t) => {
  t.same(parseMockOptions([], {}), { port: 8010, host: '127.0.0.1', logLevel: 'warn', scenario: 'default', seed: undefined, adminToken: undefined, journalSize: 1000, data: undefined, acceptDataLoss: false, profile: undefined, profileLenient: false, detailHeader: true });
  t.equal(parseMockOptions(['--help']), 'help');
  t.throws(() => parseMockOptions(['--port', '70000']), /--port/);
  t.throws(() => parseMockOptions(['--seed', '1.5']), /--seed/);
});

t.test('listening beyond loopback needs an admin token', async (t) => {
  t.throws(() => parseMockOptions(['--host', '0.0.0.0']), /--admin-token/);
  t.match(parseMockOptions(['--host', '0.0.0.0', '--admin-token', 'long-enough-token']), { host: '0.0.0.0', adminToken: 'long-enough-token' });
  t.match(parseMockOptions(['--host', 'localhost']), { host: 'localhost' });
  const child = spawn(process.execPath, [BIN, '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  t.equal(code, 2, 'refuses to start');
  t.match(stderr, /--admin-token/);
});

t.test('umc-mock app create prints a receipt from a running mock', async (t) => {
  const cli = startCli(['--port', '0']);
  const url = await cli.banner;
  t.teardown(() => cli.child.kill('SIGTERM'));
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'app', 'create', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: envWith() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  const ok = await run(['--url', url, '--name', '迎新系统', '--channels', 'Portal,SMS', '--open-interfaces', 'userCount', '--json']);
  t.equal(ok.code, 0, ok.stderr);
  const receipt = JSON.parse(ok.stdout);
  t.match(receipt, { appId: /^MSG\d+$/, appPassword: /^.{43}$/ });
  const token = await fetch(`${url}/msg/getThirdAPIToken?appId=${receipt.appId}&appPassword=${encodeURIComponent(receipt.appPassword)}`).then((r) => r.json());
  t.equal((token as { rspCode: string }).rspCode, '000000', 'the receipt works at once');
  const human = await run(['--url', url, '--name', '另一个', '--channels', 'Portal']);
  t.match(human.stdout, /应用ID\s+MSG\d+/);
  const bad = await run(['--url', url, '--channels', 'Portal']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /name不能为空/);
  const down = await run(['--url', 'http://127.0.0.1:1', '--name', 'x', '--channels', 'Portal']);
  t.equal(down.code, 2);
  t.match(down.stderr, /无法连接模拟器/);
});

/** A one-shot command of the built CLI (a subcommand against a running mock, an export). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: envWith(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

t.test('UMC_PORT: the mock listens there and the subcommands find it; --port and --url win over it', async (t) => {
  const port = await freePort();
  const cli = startCli([], { UMC_PORT: String(port) });
  const url = await cli.banner;
  t.teardown(() => cli.child.kill('SIGTERM'));
  t.equal(url, `http://127.0.0.1:${port}`, 'no --port: UMC_PORT');
  const created = await runCli(['app', 'create', '--name', '端口应用', '--channels', 'Portal', '--json'], { UMC_PORT: String(port) });
  t.equal(created.code, 0, created.stderr);
  t.match(JSON.parse(created.stdout), { appId: /^MSG\d+$/ }, 'app create without --url reached the mock on UMC_PORT');
  // A flag given explicitly wins: --url names the mock, UMC_PORT a port where nothing listens.
  const dead = String(await freePort());
  const disabled = await runCli(['app', 'disable', 'MSG200001', '--url', url], { UMC_PORT: dead });
  t.equal(disabled.code, 0, disabled.stderr);
  t.match(disabled.stdout, /MSG200001.*已禁用/);
  const nowhere = await runCli(['app', 'enable', 'MSG200001'], { UMC_PORT: dead });
  t.equal(nowhere.code, 2);
  t.match(nowhere.stderr, `无法连接模拟器：http://127.0.0.1:${dead}`, 'without --url, UMC_PORT is where it looks');

  const explicit = startCli(['--port', '0'], { UMC_PORT: dead });
  const explicitUrl = await explicit.banner;
  t.teardown(() => explicit.child.kill('SIGTERM'));
  t.not(explicitUrl, `http://127.0.0.1:${dead}`, '--port 0 wins over UMC_PORT');
  t.same(parseMockOptions(['--port', '18790'], { UMC_PORT: '18791' }), { ...(parseMockOptions([], {}) as object), port: 18790 });
  t.throws(() => parseMockOptions([], { UMC_PORT: 'x' }), /环境变量 UMC_PORT 必须是0到65535的整数：x/, 'a bad UMC_PORT is named as such');
});

t.test('UMC_URL: the mock takes its port, app create, app enable and export postman use it; the flags win', async (t) => {
  const port = await freePort();
  const UMC_URL = `http://127.0.0.1:${port}`;
  const cli = startCli([], { UMC_URL });
  t.equal(await cli.banner, UMC_URL, 'no --port: the port of UMC_URL (an address on this machine)');
  t.teardown(() => cli.child.kill('SIGTERM'));
  const created = await runCli(['app', 'create', '--name', '地址应用', '--channels', 'Portal,SMS', '--json'], { UMC_URL });
  t.equal(created.code, 0, created.stderr);
  const { appId } = JSON.parse(created.stdout);
  const disabled = await runCli(['app', 'disable', appId], { UMC_URL });
  t.equal(disabled.code, 0, disabled.stderr);
  const token = (await fetch(`${UMC_URL}/msg/getThirdAPIToken?appId=${appId}&appPassword=x`).then((r) => r.json())) as { rspCode: string };
  t.equal(token.rspCode, '500002', 'app disable without --url reached the mock at UMC_URL');

  const dead = `http://127.0.0.1:${await freePort()}`;
  const viaFlag = await runCli(['app', 'enable', appId, '--url', UMC_URL], { UMC_URL: dead });
  t.equal(viaFlag.code, 0, '--url wins over UMC_URL');
  const lost = await runCli(['app', 'enable', appId], { UMC_URL: dead, UMC_PORT: String(port) });
  t.match(lost.stderr, `无法连接模拟器：${dead}`, 'UMC_URL before UMC_PORT');
  const bad = await runCli(['app', 'enable', appId], { UMC_URL: 'ftp://example.edu' });
  t.equal(bad.code, 2);
  t.match(bad.stderr, /环境变量 UMC_URL 必须是http或https地址/);

  const baseUrl = (collection: string) => (JSON.parse(collection) as { variable: { key: string; value: string }[] }).variable.find((v) => v.key === 'baseUrl')?.value;
  const exported = await runCli(['export', 'postman'], { UMC_URL: 'http://127.0.0.1:18799/' });
  t.equal(exported.code, 0, exported.stderr);
  t.equal(baseUrl(exported.stdout), 'http://127.0.0.1:18799', 'export postman: baseUrl from UMC_URL');
  const byPort = await runCli(['export', 'postman'], { UMC_PORT: '18798' });
  t.equal(baseUrl(byPort.stdout), 'http://127.0.0.1:18798', 'or from UMC_PORT');
  const flagged = await runCli(['export', 'postman', '--base-url', 'https://umc.example.edu.cn'], { UMC_URL: 'http://127.0.0.1:18799' });
  t.equal(baseUrl(flagged.stdout), 'https://umc.example.edu.cn', '--base-url wins over UMC_URL');
  const plain = await runCli(['export', 'postman']);
  t.equal(baseUrl(plain.stdout), 'http://127.0.0.1:8010', 'neither: 8010');
});

t.test('a UMC_URL of another machine is not where the mock listens', async (t) => {
  // The real platform's address kept in the same shell is not the mock's: 8010, not port 80.
  t.equal((parseMockOptions([], { UMC_URL: 'http://umc.example.edu.cn' }) as { port: number }).port, 8010);
  t.equal((parseMockOptions([], { UMC_URL: 'https://127.0.0.1:18797' }) as { port: number }).port, 8010, 'nor an https address (the mock speaks http)');
  t.equal((parseMockOptions([], { UMC_URL: 'http://localhost:18796' }) as { port: number }).port, 18796);
  t.equal((parseMockOptions([], { UMC_URL: 'http://[::1]:18795/' }) as { port: number }).port, 18795);
  t.equal((parseMockOptions([], { UMC_URL: 'http://127.0.0.1:18796', UMC_PORT: '18794' }) as { port: number }).port, 18794, 'UMC_PORT before UMC_URL');
});

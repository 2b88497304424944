// umc-mock as a person starts it: flags, banner with URL and demo credentials, clean shutdown.
import t from 'tap';
import { once } from 'node:events';
import { parseMockOptions } from '../src/cli/mock-options.js';
import { freePort } from './helpers/free-port.js';
import { BIN, envWith, startCli } from './helpers/cli.js';
import { spawn } from 'node:child_process';

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

// UMC_URL and UMC_PORT as an integrator's shell sets them: where the mock listens, where its subcommands look. Kept apart from
// test/cli.test.ts so that the two files' child processes run side by side.
import t from 'tap';
import { parseMockOptions } from '../src/cli/mock-options.js';
import { freePort } from './helpers/free-port.js';
import { runCli, startCli } from './helpers/cli.js';

t.jobs = 3;

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

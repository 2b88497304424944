// Bounded control input and secrets kept out of sight: the clock stays within a century of real
// time (a 400 that changes nothing), POST /__umc/scenario loads only shipped scenarios, numeric
// flags are checked, the admin token can stay out of ps, and the banner prints only demo passwords.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parseMockOptions } from '../../src/cli/mock-options.js';
import { getToken, postJson, request, startTestMock } from '../helpers/mock.js';

t.test('a clock move past a century from real time is a 400 that changes nothing', async (t) => {
  const mock = await startTestMock(t);
  for (const body of [{ advanceSeconds: 1e13 }, { advanceSeconds: 4e9 }, { set: '9999-12-31 00:00:00' }, { set: '1900-01-01 00:00:00' }]) {
    const res = await postJson(`${mock.url}/__umc/clock`, body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.match(res.json.error, /100年/);
  }
  t.equal((await request(`${mock.url}/__umc/clock`)).json.offsetSeconds, 0, 'the clock did not move');
  t.equal((await request(`${mock.url}/__umc/health`)).status, 200, 'health still answers');
  t.ok(await getToken(mock.url), 'tokens are still issued');
  t.equal((await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 7201 })).status, 200, 'an ordinary move works');
  t.equal(mock.platform.clock.offsetSeconds(), 7201);
});

t.test('POST /__umc/scenario loads only the scenarios shipped in fixtures/', async (t) => {
  const mock = await startTestMock(t);
  for (const name of ['../fixtures/default', '/etc', 'fixtures/default', '..']) {
    const res = await postJson(`${mock.url}/__umc/scenario`, { name });
    t.equal(res.status, 400, name);
    t.match(res.json.error, /场景不存在：.*只能加载 fixtures\/ 中的场景/);
  }
  t.equal((await postJson(`${mock.url}/__umc/scenario`, { name: 'channel-closed' })).status, 200, 'a shipped one loads');
});

t.test('numeric flags and the admin token are checked; the token can come from the environment or a file', async (t) => {
  for (const [args, message] of [
    [['--journal-size', '0'], /--journal-size 必须是1到1000000的整数/],
    [['--journal-size', '1e9'], /--journal-size/],
    [['--journal-size', 'abc'], /--journal-size/],
    [['--seed=-1'], /--seed 必须是0到4294967295的整数/],
    [['--seed', '1.5'], /--seed/],
    [['--port', '70000'], /--port/],
    [['--admin-token', 'short'], /至少8个字符/],
  ] as [string[], RegExp][]) {
    t.throws(() => parseMockOptions(args, {}), message, args.join(' '));
  }
  const fromEnv = parseMockOptions([], { UMC_ADMIN_TOKEN: 'from-the-environment' });
  t.equal(typeof fromEnv !== 'string' && fromEnv.adminToken, 'from-the-environment');
  const file = join(mkdtempSync(join(tmpdir(), 'umc-admin-')), 'token');
  writeFileSync(file, 'from-a-file-0001\n');
  const fromFile = parseMockOptions(['--admin-token-file', file], { UMC_ADMIN_TOKEN: 'loses-to-the-file' });
  t.equal(typeof fromFile !== 'string' && fromFile.adminToken, 'from-a-file-0001');
  t.throws(() => parseMockOptions(['--admin-token-file', '/no/such/file'], {}), /--admin-token-file 无法读取：\/no\/such\/file：ENOENT/);
});

t.test('the banner prints the password of a shipped demo app only', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-scenario-'));
  const secret = 'cmVhbC1sb29raW5nLXNlY3JldC1vZi1hLXJlYWwtYXBw';
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ name: 'real-looking', extends: fileURLToPath(new URL('../../fixtures/default', import.meta.url)) }));
  const apps = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../../fixtures/default/apps.json', import.meta.url), 'utf8'));
  writeFileSync(join(dir, 'apps.json'), JSON.stringify(apps.map((a: { appId: string; status?: string }) => ({ ...a, appPassword: secret }))));
  const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/umc-mock.js', import.meta.url)), '--port', '0', '--scenario', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => /场景/.test(stdout) && resolve());
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  child.kill('SIGTERM');
  await once(child, 'exit');
  t.notMatch(stdout, secret, 'an app whose password is not a shipped demo one is never printed');
  t.notMatch(stdout, /示例凭证/);
});

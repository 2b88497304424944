// A deployment profile (--profile) is visible wherever an integrator looks: the start-up banner, GET
// /__umc/health, GET /__umc/profile (entry by entry), and each journal entry.
import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock } from 'umc-kit';
import { SMALL_PROFILE, smallProfileChoices } from './helpers/profile.js';
import { getToken, postForm, request, startTestMock } from './helpers/mock.js';

const BIN = fileURLToPath(new URL('../bin/umc-mock.js', import.meta.url));

const ORIGIN = { tool: 'umc-contract 0.1.0', savedAt: '2026-12-01T08:00:00.000Z', mode: 'safe' };

/** A profile file on disk, as `--profile FILE` and startMock({ profile }) take it. */
function profileFile(t: { teardown(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'umc-profile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'staging.json');
  writeFileSync(file, JSON.stringify(SMALL_PROFILE));
  return file;
}

t.test('without a profile: health says null, GET /__umc/profile says inactive, journal entries name none', async (t) => {
  const mock = await startTestMock(t);
  t.equal((await request(`${mock.url}/__umc/health`)).json.profile, null);
  const profile = await request(`${mock.url}/__umc/profile`);
  t.equal(profile.status, 200);
  t.same(profile.json, { active: false });
  await getToken(mock.url);
  const [entry] = (await request(`${mock.url}/__umc/requests?limit=1`)).json.requests;
  t.equal(entry.operationId, 'getThirdAPITokenByGet');
  t.notOk('profile' in entry, 'no profile field at all');
});

t.test('with a profile: health sums it up, GET /__umc/profile lists what it changes and what it could not', async (t) => {
  const choices = smallProfileChoices('profiles/staging.json');
  const mock = await startTestMock(t, { profile: choices });
  const health = (await request(`${mock.url}/__umc/health`)).json;
  t.match(health, { status: 'UP', service: 'umc-mock' });
  t.same(health.profile, { file: 'profiles/staging.json', ...ORIGIN, applied: 1, skipped: 1 }, 'the file as given, and the counts');

  const res = await request(`${mock.url}/__umc/profile`);
  t.equal(res.status, 200);
  t.match(res.json, { active: true, file: 'profiles/staging.json', ...ORIGIN });
  t.match(res.json.entries, [{ what: String, mock: String, profiled: /请先登录/, case: 'auth/getProgress/no-token' }], "5.2.4's own words for a missing token: applied");
  t.notOk('notApplied' in res.json.entries[0], 'an applied entry has no reason not to be');
  t.match(res.json.skipped, [{ what: String, mock: String, profiled: String, case: 'negative/getProgress/msgId-missing', notApplied: /msgId/ }], 'a required msgId ignored: seen, not applied, and why');
  t.same({ entries: res.json.entries, skipped: res.json.skipped }, { entries: choices.entries, skipped: choices.skipped }, 'entry by entry as the mock applies them');
});

t.test('each journal entry names the profile its answer was shaped by', async (t) => {
  const mock = await startTestMock(t, { profile: smallProfileChoices('profiles/staging.json') });
  const token = await getToken(mock.url);
  const refused = await postForm(`${mock.url}/message/getProgress`, { msgId: 'x' });
  t.equal(refused.json.rspMsg, '请先登录', 'the profile at work');
  await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'no-such-msg' });
  await request(`${mock.url}/no/such/path`);
  const { requests } = (await request(`${mock.url}/__umc/requests`)).json;
  t.equal(requests.length, 4);
  t.same(
    requests.map((r: { path: string; profile?: string }) => [r.path, r.profile]),
    [
      ['/no/such/path', 'profiles/staging.json'],
      ['/message/getProgress', 'profiles/staging.json'],
      ['/message/getProgress', 'profiles/staging.json'],
      ['/msg/getThirdAPIToken', 'profiles/staging.json'],
    ],
    'answered, refused and unrouted calls alike',
  );
});

t.test('GET /__umc/profile needs the admin token like every control route', async (t) => {
  const mock = await startTestMock(t, { adminToken: 's3cret-admin', profile: smallProfileChoices() });
  t.equal((await request(`${mock.url}/__umc/profile`)).status, 401);
  const res = await request(`${mock.url}/__umc/profile`, { headers: { authorization: 'Bearer s3cret-admin' } });
  t.equal(res.status, 200);
  t.equal(res.json.active, true);
});

t.test('startMock({ profile }) and ControlClient.profile(): the same answer, typed', async (t) => {
  const file = profileFile(t);
  const mock = await startMock({ profile: file });
  t.teardown(() => mock.close());
  const profile = await mock.profile();
  if (!profile.active) return t.fail('the profile is active');
  t.equal(profile.file, file);
  t.same(
    profile.entries.map((e) => e.case),
    ['auth/getProgress/no-token'],
  );
  t.same(
    profile.skipped.map((e) => e.case),
    ['negative/getProgress/msgId-missing'],
  );
});

t.test('the start-up banner names the profile, how much of it applies, and where to read it', async (t) => {
  const file = profileFile(t);
  const child = spawn(process.execPath, [BIN, '--port', '0', '--profile', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGTERM'));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const line = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const found = /^ {2}部署档案.*$/m.exec(stdout);
      if (found && /API\s+http/.test(stdout)) resolve(found[0]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  t.equal(await line, `  部署档案   ${file}（1处选择照该部署；1处未采用：GET /__umc/profile 查看）`);
  const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1];
  t.equal(((await (await fetch(`${url}/__umc/health`)).json()) as { profile: { file: string } }).profile.file, file, 'the same file as health names');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  t.equal(code, 0);
});

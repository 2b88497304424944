// umc-mock --profile closes the loop: a profile saved from a deployment (umc-contract --save-profile)
// makes the mock answer as that deployment did wherever the document leaves the choice open, so that
// umc-contract --baseline against the profiled mock finds nothing changed, in both modes, wording
// included; against the unprofiled mock it finds the differences. Proved with profiles saved from
// the independent platform (written from the document, not by us) and two variants of it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { profileText, type Profile } from '../src/contract/profile.js';
import type { Mode } from '../src/contract/types.js';
import { ProfileContradiction, deploymentChoices } from '../src/spec/deployment-choices.js';
import { loadSpec } from '../src/spec/load.js';
import { failures, runSuite } from './helpers/contract.js';
import type { IndependentOptions } from './helpers/independent-platform.js';
import { runAgainstIndependent } from './helpers/independent-run.js';
import { startTestMock } from './helpers/mock.js';

const spec = loadSpec();
const SHIPPED = new URL('../fixtures/profiles/independent-platform.json', import.meta.url);
const BIN = new URL('../bin/umc-mock.js', import.meta.url).pathname;

// Each test runs the suite against a platform and two mocks of its own: side by side.
t.jobs = 3;

/** The baseline comparison of a mock (profiled or not) with the profile, wording included. */
async function againstMock(t: { teardown(fn: () => unknown): void }, profile: Profile, mode: Mode, profiled: boolean) {
  const mock = await startTestMock(t, profiled ? { profile: deploymentChoices(profile, spec, 'deployment.json') } : {});
  const { report } = await runSuite(mock.url, { mode }, { profile, file: 'deployment.json', strict: true });
  return report;
}

const DEPLOYMENTS: { name: string; platform: IndependentOptions }[] = [
  { name: 'the independent platform', platform: {} },
  { name: 'a variant that answers 500012 for a bad parameter', platform: { regression: 'other-rejection-code' } },
  { name: 'a variant that words every rspMsg its own way', platform: { reword: true } },
];

for (const deployment of DEPLOYMENTS) {
  for (const mode of ['safe', 'full'] as const) {
    t.test(`${mode} mode, ${deployment.name}: the profiled mock has changed nothing; the unprofiled one has`, async (t) => {
      const { profile } = await runAgainstIndependent(t, deployment.platform, { mode });
      const profiled = await againstMock(t, profile, mode, true);
      t.match(profiled.baseline, { compared: Object.keys(profile.cases).length, changed: 0, reworded: 0 }, '0 changes, wording included');
      t.same(failures(profiled), {}, 'and nothing fails');
      const plain = await againstMock(t, profile, mode, false);
      t.ok(plain.baseline!.changed + plain.baseline!.reworded > 10, `the unprofiled mock: ${plain.baseline!.changed} cases changed, ${plain.baseline!.reworded} reworded`);
      t.ok(profiled.baseline!.notInBaseline.every((id) => id === 'token/getThirdAPIToken/expired'), 'only the mock-only case is new');
    });
  }
}

t.test('the shipped profile (fixtures/profiles/) is what the independent platform gives today', async (t) => {
  const { profile } = await runAgainstIndependent(t, {}, { mode: 'full' });
  const fresh = profileText({ ...profile, savedAt: '', tool: '' });
  // UMC_UPDATE_PROFILE_FIXTURE=1 npx tap test/profile-roundtrip.test.ts writes it anew.
  if (process.env.UMC_UPDATE_PROFILE_FIXTURE) writeFileSync(SHIPPED, profileText(profile));
  const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8')) as Profile;
  t.equal(profileText({ ...shipped, savedAt: '', tool: '' }), fresh, 'regenerated, the same (UMC_UPDATE_PROFILE_FIXTURE=1 to update it)');
});

t.test('a profile that contradicts the document is refused with its entries named; lenient, they are dropped and listed', async (t) => {
  const { profile } = await runAgainstIndependent(t, { regression: 'token-invalid-500001' }, { mode: 'safe' });
  let refusal: unknown;
  try {
    deploymentChoices(profile, spec, 'staging.json');
  } catch (err) {
    refusal = err;
  }
  t.ok(refusal instanceof ProfileContradiction, 'refused');
  t.match((refusal as Error).message, /staging\.json 中有\d+处违反文档的表现/);
  t.match((refusal as Error).message, /auth\/getPublicList\/unknown-token/, 'the entries are named');
  const lenient = deploymentChoices(profile, spec, 'staging.json', true);
  t.ok(lenient.skipped.some((e) => e.case === 'auth/getPublicList/garbage-token' && /违反文档/.test(e.notApplied ?? '')), 'dropped and listed');
  const mock = await startTestMock(t, { profile: lenient });
  const answer = (await (await fetch(`${mock.url}/message/getPublicList?token=not-a-token`, { method: 'POST' })).json()) as { rspCode: string };
  t.equal(answer.rspCode, '500003', 'the document still decides: an unknown token is 500003');
});

t.test('umc-mock refuses at start a profile it cannot read: another version, a contradiction (unless --profile-lenient)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-profile-'));
  const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8')) as Profile;
  const newer = join(dir, 'newer.json');
  writeFileSync(newer, profileText({ ...shipped, version: 2 as Profile['version'] }));
  const contradicting = join(dir, 'contradicting.json');
  const broken = structuredClone(shipped);
  broken.cases['auth/getPublicList/garbage-token']!.status = 'failed';
  writeFileSync(contradicting, profileText(broken));
  const start = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, '--port', '0', ...args], { timeout: 20_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }));
    });
  const [v2, refused] = await Promise.all([start(['--profile', newer]), start(['--profile', contradicting])]);
  t.equal(v2.code, 1);
  t.match(v2.stderr, /umc-mock: 启动失败：.*newer\.json 是第2版档案（更新的umc-kit写的）/);
  t.equal(refused.code, 1);
  t.match(refused.stderr, /contradicting\.json 中有1处违反文档的表现.*\n {2}auth\/getPublicList\/garbage-token：/);
  t.match(refused.stderr, /--profile-lenient/);
  t.notMatch(`${v2.stderr}${refused.stderr}`, /\n\s+at /, 'no stack trace');
});

t.test("startMock({ profile }) and a scenario's profile.json start the mock with the profile", async (t) => {
  const { startMock } = await import('../src/index.js');
  const viaOption = await startMock({ profile: SHIPPED.pathname });
  t.teardown(() => viaOption.close());
  const dir = mkdtempSync(join(tmpdir(), 'umc-scenario-'));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ description: 'the default scenario, answering as the independent platform', extends: new URL('../fixtures/default', import.meta.url).pathname }));
  writeFileSync(join(dir, 'profile.json'), readFileSync(SHIPPED));
  const viaScenario = await startMock({ scenario: dir });
  t.teardown(() => viaScenario.close());
  for (const mock of [viaOption, viaScenario]) {
    const get = await fetch(`${mock.url}/msg/getThirdAPIToken?appId=MSG123456&appPassword=x`);
    t.equal(get.status, 405, 'GET on 5.1.1 refused, as the profiled deployment did');
    t.match(get.headers.get('content-type'), /^text\/html/);
    const token = (await (await fetch(`${mock.url}/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY`, { method: 'POST' })).json()) as { resultData: { token: string } };
    t.match(token.resultData.token, /^[0-9a-f]{32}$/, 'a token of 32 hex digits, as the profiled deployment issues them');
  }
});

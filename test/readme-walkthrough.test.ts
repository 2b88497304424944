// The walk-throughs run as pasted: each shell block is taken from its page (README.md, docs/contract.md)
// and run by bash; only addresses and ports are pointed at the test's servers.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { freePort } from './helpers/free-port.js';
import { startIndependentPlatform } from './helpers/independent-platform.js';
import { startTestMock } from './helpers/mock.js';
import { runProcess, type ProcessResult } from './helpers/run-process.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const contractPage = readFileSync(new URL('../docs/contract.md', import.meta.url), 'utf8');

/** The first ```sh block of the README's "A first session with curl" section. */
function walkthrough(): string {
  const section = readme.slice(readme.indexOf('## A first session with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no ```sh block under "A first session with curl"');
  return block[1]!;
}

function bash(script: string, env: Record<string, string> = {}): Promise<ProcessResult> {
  return runProcess('bash', ['-c', script], { env: { ...process.env, ...env } });
}

t.test('the curl walk-through runs as pasted and ends with 000000 answers', async (t) => {
  const mock = await startTestMock(t);
  const script = walkthrough();
  const first = script.split('\n').find((line) => line.startsWith('UMC='));
  t.equal(first, 'UMC=${UMC_URL:-http://127.0.0.1:${UMC_PORT:-8010}}', 'the block names the address once: UMC_URL, else UMC_PORT, else 8010');
  t.notMatch(script, /^[^#\n]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/m, 'no token hard-coded outside the comments');
  for (const [env, address] of [[{}, 'http://127.0.0.1:8010'], [{ UMC_PORT: '18710' }, 'http://127.0.0.1:18710'], [{ UMC_URL: 'http://localhost:18711', UMC_PORT: '18710' }, 'http://localhost:18711']] as const) {
    const { UMC_URL: _url, UMC_PORT: _port, ...rest } = process.env;
    const resolved = (await runProcess('bash', ['-c', `${first}; echo "$UMC"`], { env: { ...rest, ...env } })).stdout.trim();
    t.equal(resolved, address, `the first line with ${JSON.stringify(env)}`);
  }
  // As pasted: the address comes from UMC_URL, as a reader whose mock is not on 8010 would set it.
  const run = await bash(script, { UMC_URL: mock.url });
  t.equal(run.code, 0, run.stderr);
  t.equal(run.stderr, '', 'curl printed no error');
  const answers = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  t.same(
    answers.map((a) => a.rspCode ?? 'control'),
    ['000000', '000000', '000000', '500002', 'control', '500003', '000000'],
    'token, send, progress, wrong password, clock, expired token, progress with a new token',
  );
  t.match(answers[1], { resultData: { msgId: /\S/ } });
  t.match(answers[2], { resultData: { total: 2, state: '1', successCount: 1, failCount: 1, failUserList: [{ user: '20230003', cause: '短信发送失败！未绑定手机号！' }] } }, 'the send was delivered as the README says');
  t.same(answers.at(-1), answers[2], 'the new token reads the same progress');
});

/** The ```sh block of docs/contract.md's "A mock that answers like your deployment". */
function profileLoop(): string {
  const start = contractPage.indexOf('\n## A mock that answers like your deployment');
  if (start < 0) throw new Error('docs/contract.md: no section "A mock that answers like your deployment"');
  const block = /```sh\n([\s\S]*?)```/.exec(contractPage.slice(start));
  if (!block) throw new Error('docs/contract.md: no ```sh block under "A mock that answers like your deployment"');
  return block[1]!;
}

t.test("the profile loop runs as written: QA saves staging's profile, the mock started with it has changed nothing", async (t) => {
  // The independent platform stands in for staging; the commands run as written, the addresses and the ports aside.
  const staging = await startIndependentPlatform(t);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'umc-profile-loop-'));
  copyFileSync(staging.receiversFile, join(dir, 'qa-receivers.json'));
  const root = new URL('..', import.meta.url).pathname;
  const original = profileLoop();
  t.match(original, /^STAGING=https:\/\/umc-staging\.example\.edu STAGING_APP=MSG200001/m);
  const script = original
    .replace(/^STAGING=\S+ STAGING_APP=\S+/m, `STAGING=${staging.url} STAGING_APP=${staging.appId}`)
    .replaceAll('npx umc-contract', `node ${root}bin/umc-contract.js`)
    .replaceAll('npx umc-mock', `node ${root}bin/umc-mock.js --port ${port}`)
    .replaceAll('http://127.0.0.1:8010', `http://127.0.0.1:${port}`)
    // The mock runs in the background: wait until it answers, and stop it at the end.
    .replace(/(umc-mock\.js[^\n]*&)\n/, `$1\nMOCK=$!; trap 'kill $MOCK' EXIT; until curl -sf http://127.0.0.1:${port}/__umc/health >/dev/null; do sleep 0.2; done\n`);
  const run = await bash(`cd ${dir} && ${script}`, { UMC_APP_PASSWORD: staging.appPassword });
  t.equal(run.code, 0, run.stderr);
  const profile = JSON.parse(readFileSync(join(dir, 'umc-staging.json'), 'utf8'));
  t.match(profile, { format: 'umc-contract-profile', version: 1, mode: 'full' }, 'QA saved the profile');
  t.notOk(readFileSync(join(dir, 'umc-staging.json'), 'utf8').includes(staging.appPassword), 'without the password');
  // The TAP report takes standard output; the summary comes on standard error.
  t.match(run.stderr, /Baseline umc-staging\.json \(saved [^)]+\): \d+ cases compared, 0 changed in what clients see/, 'the profiled mock: nothing changed');
  t.notMatch(run.stderr, /reworded only/, 'not even the wording');
  t.match(run.stderr, /^PASS: /m);
});

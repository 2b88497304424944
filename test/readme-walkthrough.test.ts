// The README's curl walk-through runs as pasted: the shell block is taken from README.md and run by bash
// against a fresh mock; only the base URL (the UMC= line) is pointed at the test's port.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { startTestMock } from './helpers/mock.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first ```sh block of the README's "A first session with curl" section. */
function walkthrough(): string {
  const section = readme.slice(readme.indexOf('## A first session with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no ```sh block under "A first session with curl"');
  return block[1]!;
}

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('the curl walk-through runs as pasted and ends with 000000 answers', async (t) => {
  const mock = await startTestMock(t);
  const script = walkthrough();
  t.match(script, /^UMC=http:\/\/127\.0\.0\.1:8010$/m, 'the block names the default address once');
  t.notMatch(script, /^[^#\n]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/m, 'no token hard-coded outside the comments');
  const run = await bash(script.replace(/^UMC=http:\/\/127\.0\.0\.1:8010$/m, `UMC=${mock.url}`));
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

// npm test off a terminal (CI, a pipe, a log): one line per test file, every failure in full, then the
// counts (scripts/tap-reporter.mjs, package.json's tap.reporter); the whole TAP behind `npm run test:tap`;
// and a failing test still fails the run. tap runs a fixture of one failure as npm test runs the suite.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runTap as tap } from './helpers/run-process.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const FIXTURE = 'test/fixtures/reporter/one-failure.ts';
const EXITS = 'test/fixtures/reporter/exits-3.ts';

t.test('off a terminal: the failure in full, then the counts; no TAP stream; the run fails', async (t) => {
  t.equal(pkg.tap.reporter, './scripts/tap-reporter.mjs', 'npm test uses the compact reporter');
  const run = await tap([FIXTURE, EXITS]);
  t.equal(run.code, 1, 'a failing test fails the run, as CI (.ci/run, set -e) needs');
  t.match(run.stdout, `FAIL  ${FIXTURE}  (1 of 3 asserts failed`);
  t.match(run.stdout, `✗ ${FIXTURE} > a suite > a nested check > the deliberate failure`, 'the failure by its full name');
  t.match(run.stdout, /-\s+"rspCode": "500012",\n\s+\+\s+"rspCode": "000000",/, 'with its diff');
  t.match(run.stdout, /lineNumber: 8/, 'and where it happened');
  t.match(run.stdout, `FAIL  ${EXITS}  (1 assert passed, the process failed`, 'a file that fails with every assertion passing');
  t.match(run.stdout, /✗ test\/fixtures\/reporter\/exits-3\.ts\n\s+exitCode: 3/, 'says how it ended');
  t.notMatch(run.stdout, /command:|args:|jobId:/, 'and not how tap started it');
  // The files run side by side: either may end first.
  t.same(/^Failed: (.*)$/m.exec(run.stdout)?.[1]?.split(', ').sort(), [EXITS, FIXTURE], 'then the failed files');
  t.match(run.stdout, 'Asserts: 3 pass, 1 fail\nFiles:   0 pass, 2 fail (of 2)\nTime:', 'and the counts');
  t.match(run.stdout, /\nFAIL \(npm run test:tap for the full TAP\)\n$/);
  t.notMatch(run.stdout, /^TAP version|# Subtest:|^\s*ok \d+ - /m, 'not the TAP stream');
  t.notMatch(run.stdout, /\x1b\[/, 'nor terminal escapes');
  t.ok(run.stdout.split('\n').length < 60, `compact: ${run.stdout.split('\n').length} lines`);
});

t.test('npm run test:tap: the whole TAP stream, still failing the run', async (t) => {
  t.equal(pkg.scripts['test:tap'], 'npm test -- --reporter=tap');
  const run = await tap(['--reporter=tap', FIXTURE]);
  t.equal(run.code, 1);
  t.match(run.stdout, /^TAP version 14\n/);
  t.match(run.stdout, /# Subtest: a suite/);
  t.match(run.stdout, /ok 1 - arithmetic holds/, 'passing points too');
  t.match(run.stdout, /not ok 1 - the deliberate failure/);
});

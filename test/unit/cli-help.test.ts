// Every command's --help lists exactly the flags it accepts, and both commands answer --version.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { APP_CREATE_FLAGS, APP_CREATE_USAGE } from '../../src/cli/app-create.js';
import { APP_STATUS_FLAGS, APP_STATUS_USAGE } from '../../src/cli/app-status.js';
import { EXPORT_FLAGS, EXPORT_USAGE } from '../../src/cli/export-postman.js';
import { MOCK_FLAGS, USAGE as MOCK_USAGE } from '../../src/cli/mock-options.js';
import { CONTRACT_FLAGS, USAGE as CONTRACT_USAGE } from '../../src/contract/options.js';
import { runProcess, type ProcessResult } from '../helpers/run-process.js';

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

/** The flags a usage text documents: its option column (`  -h, --help`, `  --port N`). */
function documentedFlags(usage: string): string[] {
  return [...usage.matchAll(/^ {2}(?:-(\w), )?--([\w-]+)/gm)].map((m) => (m[1] ? `${m[2]} -${m[1]}` : m[2]!)).sort();
}

function acceptedFlags(flags: object): string[] {
  return Object.entries(flags as Record<string, { short?: string }>).map(([name, flag]) => (flag.short ? `${name} -${flag.short}` : name)).sort();
}

for (const [command, usage, flags] of [
  ['umc-mock', MOCK_USAGE, MOCK_FLAGS],
  ['umc-mock app create', APP_CREATE_USAGE, APP_CREATE_FLAGS],
  ['umc-mock app disable|enable', APP_STATUS_USAGE, APP_STATUS_FLAGS],
  ['umc-mock export postman', EXPORT_USAGE, EXPORT_FLAGS],
  ['umc-contract', CONTRACT_USAGE, CONTRACT_FLAGS],
] as const) {
  t.test(`${command} --help lists every flag it accepts, and no other`, async (t) => {
    t.same(documentedFlags(usage), acceptedFlags(flags));
  });
}

t.test('umc-mock --help names its subcommands and what --scenario takes', async (t) => {
  t.match(MOCK_USAGE, /umc-mock app create/);
  t.match(MOCK_USAGE, /umc-mock export postman/);
  t.match(MOCK_USAGE, /--scenario NAME\|PATH\s+场景：fixtures\/ 中的文件夹名，或一个场景文件夹的路径/);
  t.notMatch(MOCK_USAGE, /NAME\.json|JSON文件/, 'a scenario is a folder, not a JSON file');
  t.match(MOCK_USAGE, /至少8个字符/, 'the admin token rule');
});

t.test('--version prints the package version', async (t) => {
  for (const name of ['umc-mock', 'umc-contract']) {
    for (const flag of ['--version', '-v']) {
      const { stdout } = await run(process.execPath, [bin(name), flag]);
      t.equal(stdout, `${VERSION}\n`, `${name} ${flag}`);
    }
  }
});

/** A built command as a person runs it: exit code, standard output and error. */
function runCli(name: string, args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [bin(name), ...args]);
}

t.test('every command and subcommand answers --help with its usage on stdout, exit 0', async (t) => {
  // `umc-mock app --help` used to exit 2 (an unknown subcommand "--help"), `umc-mock export --help` too.
  const commands: [string, string[], RegExp][] = [
    ['umc-mock', [], /^用法: umc-mock \[选项\]/],
    ['umc-mock', ['app'], /^用法: umc-mock app create [\s\S]*^用法: umc-mock app disable\|enable/m],
    ['umc-mock', ['app', 'create'], /^用法: umc-mock app create /],
    ['umc-mock', ['app', 'disable'], /^用法: umc-mock app disable\|enable /],
    ['umc-mock', ['app', 'enable'], /^用法: umc-mock app disable\|enable /],
    ['umc-mock', ['export'], /^用法: umc-mock export postman /],
    ['umc-mock', ['export', 'postman'], /^用法: umc-mock export postman /],
    ['umc-contract', [], /^用法: umc-contract /],
  ];
  // Every one with --help; -h where the command reads the flag itself rather than through parseArgs.
  const runs = [...commands.map(([name, args, usage]): [string, string[], RegExp] => [name, [...args, '--help'], usage]), ['umc-mock', ['app', '-h'], commands[1]![2]], ['umc-mock', ['export', '-h'], commands[5]![2]]] as [string, string[], RegExp][];
  await Promise.all(
    runs.map(async ([name, args, usage]) => {
      const line = [name, ...args].join(' ');
      const res = await runCli(name, args);
      t.equal(res.code, 0, `${line}: exit 0`);
      t.match(res.stdout, usage, `${line}: its usage`);
      t.equal(res.stderr, '', `${line}: nothing on stderr`);
    }),
  );
});

t.test('umc-mock app without a subcommand is a mistake: exit 2, the usage on stderr', async (t) => {
  for (const args of [['app'], ['app', 'status']]) {
    const res = await runCli('umc-mock', args);
    t.equal(res.code, 2, args.join(' '));
    t.match(res.stderr, /用法: umc-mock app create/);
    t.equal(res.stdout, '');
  }
});

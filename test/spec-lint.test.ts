// Both OpenAPI files pass the two linters integrators and their CI use: Redocly CLI (the recommended ruleset,
// redocly.yaml) and Spectral (spectral:oas, .spectral.yaml), with 0 errors. A rule turned off is turned off in
// those checked-in files, each with its reason. Warnings are listed here, not failed.
import t from 'tap';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/package-root.js';

interface Finding {
  tool: string;
  severity: 'error' | 'warning' | 'other';
  rule: string;
  message: string;
  where: string;
}

/** A linter's JSON output (stdout), whatever its exit code: the exit code only says that it found errors. */
function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // No usage data and no look-up of a newer version: the run stays on this machine.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    execFile(join(PACKAGE_ROOT, 'node_modules', '.bin', bin), args, { cwd: PACKAGE_ROOT, env, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (stdout.trim().startsWith('{') || stdout.trim().startsWith('[')) resolve(stdout);
      else reject(new Error(`${bin} ${args.join(' ')} gave no JSON (${err?.message ?? 'exit 0'}): ${stderr.slice(-2000)}`));
    });
  });
}

async function redocly(api: string): Promise<Finding[]> {
  const out = JSON.parse(await run('redocly', ['lint', api, '--config', 'redocly.yaml', '--format=json'])) as {
    problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
  };
  return out.problems.map((p) => ({ tool: 'redocly', severity: p.severity === 'error' ? 'error' : p.severity === 'warn' ? 'warning' : 'other', rule: p.ruleId, message: p.message, where: p.location[0]?.pointer ?? '' }));
}

async function spectral(file: string): Promise<Finding[]> {
  // A leading JSON array; Spectral may print a line of its own after it.
  const text = await run('spectral', ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json']);
  const out = JSON.parse(text.slice(0, text.lastIndexOf(']') + 1)) as { code: string; severity: number; message: string; path: string[] }[];
  return out.map((p) => ({ tool: 'spectral', severity: p.severity === 0 ? 'error' : p.severity === 1 ? 'warning' : 'other', rule: p.code, message: p.message, where: p.path.join('.') }));
}

const show = (f: Finding) => `${f.tool} ${f.rule}: ${f.message} (${f.where})`;

for (const [file, api] of [
  ['openapi.yaml', 'platform'],
  ['control-plane.yaml', 'control-plane'],
] as const) {
  t.test(`${file}: Redocly CLI (recommended) and Spectral (spectral:oas) find no error`, async (t) => {
    const findings = [...(await redocly(api)), ...(await spectral(file))];
    t.same(findings.filter((f) => f.severity === 'error').map(show), [], 'no errors');
    for (const warning of findings.filter((f) => f.severity !== 'error')) t.comment(`${warning.severity}: ${show(warning)}`);
  });
}

t.test('the linters see what they are meant to: a broken file gives errors', async (t) => {
  // Run on a file the configurations do not name: the recommended rules and spectral:oas as they stand.
  const broken = join('test', 'fixtures', 'lint', 'broken.yaml');
  const found = [...(await redocly(broken)), ...(await spectral(broken))].filter((f) => f.severity === 'error');
  t.ok(found.some((f) => f.tool === 'redocly' && f.rule === 'struct'), `redocly: ${found.filter((f) => f.tool === 'redocly').map(show).join('; ')}`);
  t.ok(found.some((f) => f.tool === 'spectral' && f.rule === 'operation-operationId-unique'), `spectral: ${found.filter((f) => f.tool === 'spectral').map(show).join('; ')}`);
});

t.test('every rule turned off in the configurations says why', async (t) => {
  const { readFileSync } = await import('node:fs');
  for (const name of ['redocly.yaml', '.spectral.yaml']) {
    const lines = readFileSync(join(PACKAGE_ROOT, name), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/:\s*'?off'?\s*$/.test(line) && !/^\s*telemetry:/.test(line)) t.match(lines[i - 1] ?? '', /^\s*#\s*\S.{20,}/, `${name}:${i + 1} ${line.trim()} has a reason on the line above`);
    });
  }
});

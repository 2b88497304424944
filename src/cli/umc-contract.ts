import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, USAGE, parseContractOptions, type ContractOptions, type ReporterName } from '../contract/options.js';
import { assumptionsFile } from '../contract/reporters/assumptions.js';
import { jsonReport } from '../contract/reporters/json.js';
import { junitReport } from '../contract/reporters/junit.js';
import { summaryReport } from '../contract/reporters/summary.js';
import { tapReport } from '../contract/reporters/tap.js';
import { profileText, readProfile } from '../contract/profile.js';
import type { BaselineInput } from '../contract/release-check.js';
import { runContract, selectCases, type RunHooks } from '../contract/runner.js';
import { VERSION } from '../version.js';
import { UnreachableError } from '../contract/target.js';
import type { CaseResult, ContractCase } from '../contract/types.js';
import { loadSpec } from '../spec/load.js';

const RENDER: Record<ReporterName, typeof tapReport> = { tap: tapReport, junit: junitReport, json: jsonReport };

function fail(message: string): never {
  process.stderr.write(`umc-contract: ${message}\n`);
  process.exit(2);
}

// `| head` closes the pipe early: end quietly with the exit code so far, never an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** On a terminal (not in CI), one line per group of cases once all of its cases ended, so a long run shows it is alive. */
function progressHooks(): RunHooks | undefined {
  if (!process.stderr.isTTY || process.env.CI) return undefined;
  const tally = new Map<string, Record<string, number>>();
  return {
    onCase(result: CaseResult, of: ContractCase[]) {
      const counts = tally.get(result.group) ?? {};
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      tally.set(result.group, counts);
      const total = of.filter((c) => c.group === result.group).length;
      const done = Object.values(counts).reduce((sum, n) => sum + n, 0);
      if (done !== total) return;
      const parts = Object.entries(counts).map(([status, n]) => `${n} ${status}`);
      process.stderr.write(`  ${result.group.padEnd(9)} ${String(total).padStart(4)} cases: ${parts.join(', ')}\n`);
    },
  };
}

/** The suite's cases for a spec and seed: contract-tests/ hands them in (src/ never imports the suite). */
export type CaseSource = (spec: ReturnType<typeof loadSpec>, seed: number) => ContractCase[];

async function main(allCases: CaseSource): Promise<void> {
  let options: ContractOptions | 'help' | 'version';
  try {
    options = parseContractOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) fail(`${err.message}\n\n${USAGE}`);
    throw err;
  }
  if (options === 'help' || options === 'version') {
    process.stdout.write(options === 'help' ? USAGE : `${VERSION}\n`);
    return;
  }
  for (const out of [...options.reporters.map((r) => r.out), ...(options.assumptionsOut ? [options.assumptionsOut] : []), ...(options.saveProfile ? [options.saveProfile] : [])]) {
    if (out === '-') continue;
    const dir = dirname(resolve(out));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`--out ${out}：目录不存在：${dir}`);
  }

  const spec = loadSpec();
  const cases = allCases(spec, options.seed);
  let output;
  try {
    const baseline: BaselineInput | undefined = options.baselineFile ? { profile: readProfile(options.baselineFile), file: options.baselineFile, strict: options.baselineStrict } : undefined;
    output = await runContract({ options, cases, spec, hooks: progressHooks(), baseline });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnreachableError) fail(err.message);
    throw err;
  }
  const { report, secrets, profile } = output;
  const notRun = options.mode === 'safe' ? selectCases(cases, spec, { ...options, mode: 'full' }).length - selectCases(cases, spec, options).length : 0;

  const write = (file: string, text: string) => {
    try {
      writeFileSync(file, text);
    } catch (err) {
      fail(`无法写入报告 ${file}：${(err as Error).message}`);
    }
  };
  let stdoutTaken = false;
  for (const r of options.reporters) {
    const text = RENDER[r.name](report, secrets);
    if (r.out === '-') {
      process.stdout.write(text);
      stdoutTaken = true;
    } else write(r.out, text);
  }
  if (options.assumptionsOut) write(options.assumptionsOut, assumptionsFile(report, secrets));
  if (options.saveProfile) write(options.saveProfile, profileText(profile));
  const summary = summaryReport(report, secrets, notRun);
  if (stdoutTaken) process.stderr.write(summary);
  else process.stdout.write(summary);
  process.exitCode = report.counts.failed > 0 || report.counts.error > 0 || report.security.length > 0 ? 1 : 0;
}

/** umc-contract: options from argv, the cases run against the target, the reports written. */
export async function runContractCli(allCases: CaseSource): Promise<void> {
  try {
    await main(allCases);
  } catch (err) {
    // A bug in the suite itself: say so in one line, never a stack trace (which could carry values).
    fail(`内部错误：${(err as Error)?.message ?? String(err)}`);
  }
}

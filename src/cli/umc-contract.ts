import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { allCases } from '../../contract-tests/index.js';
import { ConfigError, USAGE, parseContractOptions, type ContractOptions, type ReporterName } from '../contract/options.js';
import { jsonReport } from '../contract/reporters/json.js';
import { junitReport } from '../contract/reporters/junit.js';
import { summaryReport } from '../contract/reporters/summary.js';
import { tapReport } from '../contract/reporters/tap.js';
import { runContract, selectCases } from '../contract/runner.js';
import { UnreachableError } from '../contract/target.js';
import { loadSpec } from '../spec/load.js';

const RENDER: Record<ReporterName, typeof tapReport> = { tap: tapReport, junit: junitReport, json: jsonReport };

function fail(message: string): never {
  process.stderr.write(`umc-contract: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let options: ContractOptions | 'help';
  try {
    options = parseContractOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) fail(`${err.message}\n\n${USAGE}`);
    throw err;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  for (const r of options.reporters) {
    if (r.out === '-') continue;
    const dir = dirname(resolve(r.out));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`--out ${r.out}：目录不存在：${dir}`);
  }

  const spec = loadSpec();
  const cases = allCases(spec, options.seed);
  let output;
  try {
    // On a terminal, one character per case while a long run (rate-limited, real delivery) goes on.
    const progress = process.stderr.isTTY
      ? { onCase: (r: { status: string }) => process.stderr.write(r.status === 'passed' ? '.' : r.status === 'failed' ? 'F' : 's') }
      : undefined;
    output = await runContract({ options, cases, spec, hooks: progress });
    if (progress) process.stderr.write('\n');
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnreachableError) fail(err.message);
    throw err;
  }
  const { report, secrets } = output;
  const notRun = options.mode === 'safe' ? selectCases(cases, spec, { ...options, mode: 'full' }).length - report.results.length : 0;

  let stdoutTaken = false;
  for (const r of options.reporters) {
    const text = RENDER[r.name](report, secrets);
    if (r.out === '-') {
      process.stdout.write(text);
      stdoutTaken = true;
    } else {
      try {
        writeFileSync(r.out, text);
      } catch (err) {
        fail(`无法写入报告 ${r.out}：${(err as Error).message}`);
      }
    }
  }
  const summary = summaryReport(report, secrets, notRun);
  if (stdoutTaken) process.stderr.write(summary);
  else process.stdout.write(summary);
  process.exitCode = report.counts.failed > 0 ? 1 : 0;
}

try {
  await main();
} catch (err) {
  // A bug in the suite itself: say so in one line, never a stack trace (which could carry values).
  fail(`内部错误：${(err as Error)?.message ?? String(err)}`);
}

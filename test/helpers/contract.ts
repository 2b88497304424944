import { allCases } from '../../contract-tests/index.js';
import type { ContractOptions } from '../../src/contract/options.js';
import type { BaselineInput } from '../../src/contract/release-check.js';
import { runContract } from '../../src/contract/runner.js';
import type { CaseResult, RunReport } from '../../src/contract/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { DEMO_APP } from './mock.js';

const spec = loadSpec();

export function contractOptions(baseUrl: string, overrides: Partial<ContractOptions> = {}): ContractOptions {
  return {
    baseUrl,
    appId: DEMO_APP.appId,
    appPassword: DEMO_APP.appPassword,
    mode: 'safe',
    only: [],
    skip: [],
    // The suite's own tests run without throttling, also against a "foreign" proxy.
    rateLimit: 10_000,
    timeoutMs: 5000,
    reporters: [{ name: 'tap', out: '-' }],
    seed: 7,
    flowTimeoutSeconds: 10,
    pollSeconds: 0.2,
    strict: false,
    concurrency: 4,
    retries: 0,
    tokenAgeSeconds: 0,
    baselineStrict: false,
    ...overrides,
  };
}

/** Runs the whole suite in-process against a URL (compared with a baseline when one is given). */
export async function runSuite(baseUrl: string, overrides: Partial<ContractOptions> = {}, baseline?: BaselineInput) {
  const options = contractOptions(baseUrl, overrides);
  return runContract({ options, cases: allCases(spec, options.seed), spec, baseline });
}

/** The checks of a case that failed (verdict fail). */
export function failedChecks(result: CaseResult | undefined): string[] {
  return (result?.checks ?? []).filter((c) => c.verdict === 'fail').map((c) => c.name);
}

/** The checks of a case that gave notes. */
export function notedChecks(result: CaseResult | undefined): string[] {
  return (result?.checks ?? []).filter((c) => c.verdict === 'note').map((c) => c.name);
}

/** "id: check, check" for every failed case: what a test asserts to be empty or to match. */
export function failures(report: RunReport): Record<string, string[]> {
  return Object.fromEntries(report.results.filter((r) => r.status === 'failed').map((r) => [r.id, failedChecks(r)]));
}

export function byId(report: RunReport, id: string): CaseResult | undefined {
  return report.results.find((r) => r.id === id);
}

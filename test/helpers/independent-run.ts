import type { ContractOptions } from '../../src/contract/options.js';
import type { BaselineInput } from '../../src/contract/release-check.js';
import { runSuite } from './contract.js';
import { startIndependentPlatform, type IndependentOptions, type IndependentPlatform } from './independent-platform.js';

/** Starts an independent platform (written from the vendor document, not by us) and runs the suite against it. */
export async function runAgainstIndependent(t: { teardown(fn: () => unknown): void }, platform: IndependentOptions = {}, overrides: Partial<ContractOptions> = {}, baseline?: BaselineInput) {
  const p: IndependentPlatform = await startIndependentPlatform(t, platform);
  const { report, secrets, profile } = await runSuite(p.url, { appId: p.appId, appPassword: p.appPassword, receiversFile: p.receiversFile, flowTimeoutSeconds: 4, ...overrides }, baseline);
  return { p, report, secrets, profile };
}

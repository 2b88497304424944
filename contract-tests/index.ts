// The contract suite: every case, in the order they run (token first, flows last).
import type { ContractCase } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { flowCases } from './flows.cases.js';
import { negativeDataCases } from './negative.cases.js';
import { positiveCases } from './positive.cases.js';
import { tokenCases } from './token.cases.js';

export function allCases(spec: LoadedSpec, seed: number): ContractCase[] {
  const cases = [...tokenCases(spec), ...negativeDataCases(spec, seed), ...positiveCases(spec), ...flowCases(spec)];
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate contract case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

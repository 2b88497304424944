// Regenerates the generated sections: docs/known-differences.md's list from the x-umc-assumption
// notes of openapi.yaml, docs/contract.md's case table from contract-tests, ARCHITECTURE.md's layer
// rules from scripts/layers.ts, docs/required-codes.md from contract-tests/required-codes.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { allCases } from '../contract-tests/index.js';
import { withRequiredCodes } from '../contract-tests/required-codes.js';
import { withCaseTable } from '../src/contract/case-table.js';
import { withAssumptions } from '../src/spec/assumptions.js';
import { loadSpec } from '../src/spec/load.js';
import { withLayersTable } from './layers.js';

const spec = loadSpec();
const GENERATED: [file: string, what: string, regenerate: (text: string) => string][] = [
  ['docs/known-differences.md', 'the assumptions list', (text) => withAssumptions(text, spec)],
  ['docs/contract.md', 'the case table', (text) => withCaseTable(text, allCases(spec, 0))],
  ['ARCHITECTURE.md', 'layer rules', withLayersTable],
  ['docs/required-codes.md', 'the table', withRequiredCodes],
];

for (const [file, what, regenerate] of GENERATED) {
  const url = new URL(`../${file}`, import.meta.url);
  const before = readFileSync(url, 'utf8');
  const after = regenerate(before);
  writeFileSync(url, after);
  console.log(before === after ? `${file} is up to date` : `${file}: ${what} regenerated`);
}

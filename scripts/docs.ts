// Regenerates the README's generated sections: the "Known differences" list from the
// x-umc-assumption notes of openapi.yaml, and the contract suite's case table from contract-tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { allCases } from '../contract-tests/index.js';
import { withCaseTable } from '../src/contract/case-table.js';
import { withAssumptions } from '../src/spec/assumptions.js';
import { loadSpec } from '../src/spec/load.js';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const spec = loadSpec();
const after = withCaseTable(withAssumptions(before, spec), allCases(spec, 0));
writeFileSync(file, after);
console.log(before === after ? 'README.md is up to date' : 'README.md: generated sections regenerated');

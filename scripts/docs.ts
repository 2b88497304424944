// Regenerates the generated sections: README's "Known differences" list from the x-umc-assumption
// notes of openapi.yaml and the contract suite's case table from contract-tests; ARCHITECTURE.md's
// layer rules from scripts/layers.ts; docs/required-codes.md from contract-tests/required-codes.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { allCases } from '../contract-tests/index.js';
import { withRequiredCodes } from '../contract-tests/required-codes.js';
import { withCaseTable } from '../src/contract/case-table.js';
import { withAssumptions } from '../src/spec/assumptions.js';
import { loadSpec } from '../src/spec/load.js';
import { withLayersTable } from './layers.js';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const spec = loadSpec();
const after = withCaseTable(withAssumptions(before, spec), allCases(spec, 0));
writeFileSync(file, after);
console.log(before === after ? 'README.md is up to date' : 'README.md: generated sections regenerated');

const architecture = new URL('../ARCHITECTURE.md', import.meta.url);
const layersBefore = readFileSync(architecture, 'utf8');
const layersAfter = withLayersTable(layersBefore);
writeFileSync(architecture, layersAfter);
console.log(layersBefore === layersAfter ? 'ARCHITECTURE.md is up to date' : 'ARCHITECTURE.md: layer rules regenerated');

const required = new URL('../docs/required-codes.md', import.meta.url);
const requiredBefore = readFileSync(required, 'utf8');
const requiredAfter = withRequiredCodes(requiredBefore);
writeFileSync(required, requiredAfter);
console.log(requiredBefore === requiredAfter ? 'docs/required-codes.md is up to date' : 'docs/required-codes.md: the table regenerated');

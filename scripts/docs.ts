// Regenerates the README's "Known differences" list from the x-umc-assumption notes of openapi.yaml.
import { readFileSync, writeFileSync } from 'node:fs';
import { withAssumptions } from '../src/spec/assumptions.js';
import { loadSpec } from '../src/spec/load.js';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withAssumptions(before, loadSpec());
writeFileSync(file, after);
console.log(before === after ? 'README.md is up to date' : 'README.md: assumptions section regenerated');

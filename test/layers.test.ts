// The import directions of src/ (scripts/layers.ts): the domain imports nothing above it, the core
// no transport, the adapters no business rule, src/ never the contract suite's cases; and
// ARCHITECTURE.md shows exactly these rules.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { LAYERS, importsOf, layersTable, sourceFiles, treeViolations, violation, withLayersTable } from '../scripts/layers.js';

const root = resolve(import.meta.dirname, '..');

t.test('every file of src/ belongs to a layer, and every import keeps the layers\' rules', async (t) => {
  const files = sourceFiles(root).filter((f) => !f.endsWith('.test.ts'));
  t.ok(files.length > 80, `${files.length} files`);
  t.same(files.filter((f) => !LAYERS.some((l) => f === l.path || f.startsWith(`${l.path}/`))), [], 'no file outside the layers');
  t.same(treeViolations(root), []);
});

t.test('the checker catches each kind of breach (so a clean tree means something)', async (t) => {
  const breaches: [string, string][] = [
    ['src/domain/platform.ts', "import { buildServer } from '../server/app.js';"],
    ['src/domain/clock.ts', "import { readFileSync } from 'node:fs';"],
    ['src/mock/core.ts', "import Fastify from 'fastify';"],
    ['src/mock/core.ts', "import { createServer } from 'node:http';"],
    ['src/server/app.ts', "import { Platform } from '../domain/platform.js';"],
    ['src/control/plugin.ts', "import { loadScenario } from '../store/scenarios.js';"],
    ['src/cli/umc-contract.ts', "import { allCases } from '../../contract-tests/index.js';"],
    ['src/contract/runner.ts', "const v = await import('../spec/validate.js');"],
  ];
  for (const [file, line] of breaches) {
    const found = importsOf(file, line).map(violation).filter(Boolean);
    t.equal(found.length, 1, `${file}: ${line}`);
  }
  t.same(importsOf('src/mock/core.ts', "import { UmcError } from '../domain/errors.js';").map(violation), [undefined], 'an allowed import passes');
});

t.test('ARCHITECTURE.md shows the rules the test enforces', async (t) => {
  const text = readFileSync(resolve(root, 'ARCHITECTURE.md'), 'utf8');
  t.ok(text.includes(layersTable()), 'run `npm run docs` after changing scripts/layers.ts');
  t.equal(withLayersTable(text), text);
});

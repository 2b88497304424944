// The import directions of src/ (scripts/layers.ts): the domain imports nothing above it, the core
// no transport, the adapters no business rule, src/ never the contract suite's cases; and
// ARCHITECTURE.md shows exactly these rules.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import t from 'tap';
import { LAYERS, importsOf, layersTable, sourceFiles, treeViolations, violation, withLayersTable } from '../../scripts/layers.js';

const root = resolve(import.meta.dirname, '../..');

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
    ['src/control/static-pages.ts', "import { loadScenario } from '../store/scenarios.js';"],
    // The adapters enter the core by its one door alone.
    ['src/server/app.ts', "import { MockCore } from '../mock/core.js';"],
    ['src/server/event-stream.ts', "import { readRequestParams } from '../mock/request-params.js';"],
    ['src/cli/umc-contract.ts', "import { allCases } from '../../contract-tests/index.js';"],
    ['src/contract/runner.ts', "const v = await import('../spec/validate.js');"],
    ['src/contract/session.ts', "import { UmcClient } from '../client/umc-client.js';"],
  ];
  for (const [file, line] of breaches) {
    const found = importsOf(file, line).map(violation).filter(Boolean);
    t.equal(found.length, 1, `${file}: ${line}`);
  }
  t.same(importsOf('src/mock/core.ts', "import { UmcError } from '../domain/errors.js';").map(violation), [undefined], 'an allowed import passes');
  t.same(importsOf('src/server/app.ts', "import type { MockDoor } from '../mock/handle.js';").map(violation), [undefined], 'the door is the adapters\' one way in');
});

t.test('ARCHITECTURE.md shows the rules the test enforces', async (t) => {
  const text = readFileSync(resolve(root, 'ARCHITECTURE.md'), 'utf8');
  t.ok(text.includes(layersTable()), 'run `npm run docs` after changing scripts/layers.ts');
  t.equal(withLayersTable(text), text);
});

/** Every file of the repository (not node_modules, dist or .git), as repository paths. */
function repositoryFiles(dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return ['node_modules', 'dist', '.git', '.tap'].includes(e.name) ? [] : [`${path}/`, ...repositoryFiles(path)];
    return [path];
  });
}

t.test('every file ARCHITECTURE.md cites exists', async (t) => {
  const text = readFileSync(resolve(root, 'ARCHITECTURE.md'), 'utf8');
  const files = repositoryFiles();
  const exists = (path: string) => existsSync(resolve(root, path));
  // Repository paths (src/mock/core.ts, fixtures/schemas, src/control/ui/): as written. Globs
  // (bin/*.js) and dist/ (the build's output) are left out.
  const paths = [...text.matchAll(/(?<![\w./-])((?:src|test|scripts|contract-tests|fixtures|bench|examples|docs|bin)\/[\w./*-]*)/g)].map((m) => m[1]!.replace(/[.]$/, ''));
  const topLevel = [...text.matchAll(/(?<![\w./-])([\w-]+(?:\.[\w-]+)*\.(?:yaml|json|md))\b/g)].map((m) => m[1]!);
  t.ok(paths.length > 30, `${paths.length} repository paths`);
  for (const path of [...new Set([...paths, ...topLevel])].filter((p) => !p.includes('*'))) t.ok(exists(path), path);

  // A bare name (load.ts, ui/inbox-data.js) in the layout's entry for a folder is a file under that folder;
  // one in the prose is a file somewhere in the repository.
  let folder = '';
  let bare = 0;
  for (const line of text.split('\n')) {
    const entry = /^([\w./-]+\/)\s/.exec(line);
    if (entry) folder = entry[1]!;
    else if (!line.startsWith(' ')) folder = '';
    for (const m of line.matchAll(/(?<![\w./*-])((?:[\w-]+\/)*[\w-]+\.(?:ts|js|mjs))\b/g)) {
      const name = m[1]!;
      if (/^(?:src|test|scripts|contract-tests|fixtures|bench|examples|docs|bin|dist)\//.test(name)) continue;
      bare++;
      const found = files.some((f) => f.startsWith(folder) && (f === `${folder}${name}` || f.endsWith(`/${name}`)));
      t.ok(found, `${name}${folder ? ` under ${folder}` : ''}`);
    }
  }
  t.ok(bare > 20, `${bare} bare file names`);
});

// The README is part of the contract: its set-up commands and its list of assumptions stay true.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { allCases } from '../contract-tests/index.js';
import { REQUIRED_CODES, withRequiredCodes } from '../contract-tests/required-codes.js';
import { withCaseTable } from '../src/contract/case-table.js';
import { collectAssumptions, generalAssumptions, withAssumptions } from '../src/spec/assumptions.js';
import { loadSpec } from '../src/spec/load.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

t.test('the README shows the two set-up commands', async (t) => {
  t.match(readme, 'npm install && npm start');
  t.match(readme, 'npm test');
});

t.test('every x-umc-assumption of openapi.yaml is listed under Known differences', async (t) => {
  const spec = loadSpec();
  t.equal(readme, withAssumptions(readme, spec), 'README is current: run `npm run docs` after editing openapi.yaml');
  const notes = [...generalAssumptions(spec), ...collectAssumptions(spec).flatMap((a) => a.notes)];
  t.ok(notes.length > 10);
  for (const note of notes) t.ok(readme.includes(note.replace(/\s*\n\s*/g, ' ')), note.slice(0, 40));
});

t.test('the decisions for every operation are listed too', async (t) => {
  const general = generalAssumptions(loadSpec());
  t.ok(general.length >= 5);
  t.ok(readme.includes('- **通用（所有接口）**'));
  for (const note of general) t.ok(readme.includes(note), note.slice(0, 40));
});

t.test("the README's integrator example is the test that npm test runs", async (t) => {
  const example = readFileSync(new URL('./integrator-example.test.ts', import.meta.url), 'utf8');
  const body = example.slice(example.indexOf("import t from 'tap';"));
  t.ok(readme.includes(body.trimEnd()), 'README shows test/integrator-example.test.ts as it is');
});

t.test("the README's UmcClient example is examples/integrator/ as it is (test/package-install.test.ts runs it)", async (t) => {
  for (const name of ['notices.ts', 'notices.test.ts']) {
    const file = readFileSync(new URL(`../examples/integrator/${name}`, import.meta.url), 'utf8');
    t.ok(readme.includes(`\`\`\`ts\n${file.trimEnd()}\n\`\`\``), `README shows examples/integrator/${name}`);
  }
});

t.test('the QA section lists every contract case with its mode and what it could change', async (t) => {
  const cases = allCases(loadSpec(), 0);
  t.equal(readme, withCaseTable(readme, cases), 'README is current: run `npm run docs` after changing contract-tests');
  for (const c of cases) t.ok(readme.includes(`\`${c.id.split('/').slice(2).join('/')}\``), c.id);
});

t.test('docs/required-codes.md lists the codes clients act on, each with its passage and the cases that hold it', async (t) => {
  const page = readFileSync(new URL('../docs/required-codes.md', import.meta.url), 'utf8');
  t.equal(page, withRequiredCodes(page), 'docs/required-codes.md is current: run `npm run docs` after editing contract-tests/required-codes.ts');
  const ids = allCases(loadSpec(), 0).map((c) => c.id);
  for (const entry of REQUIRED_CODES) {
    t.ok(entry.passages.length > 0, `${entry.situation}: a passage`);
    for (const pattern of entry.cases.filter((c) => c.includes('/'))) {
      const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);
      t.ok(ids.some((id) => re.test(id)), `${entry.situation}: case ${pattern} exists`);
    }
  }
});

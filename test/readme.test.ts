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

/** A section of the README: from its heading to the next heading of the same level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README: no section ${heading}`);
  const level = heading.split(' ')[0]!;
  const end = readme.indexOf(`\n${level} `, start + heading.length + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

t.test('the set-up says which font the screenshots need, and so do the script and CI', async (t) => {
  // Without a CJK font Chromium draws every Chinese character as a box; no test takes screenshots, so CI only says so.
  const setUp = section('## Set-up: two commands');
  t.match(setUp, 'apt-get install fonts-noto-cjk');
  t.match(setUp, /npm run screenshots/);
  t.match(readFileSync(new URL('../scripts/screenshots.ts', import.meta.url), 'utf8'), /apt-get install \$\{CJK_FONT_PACKAGE\}[\s\S]*CJK_FONT_PACKAGE = 'fonts-noto-cjk'|CJK_FONT_PACKAGE = 'fonts-noto-cjk'[\s\S]*apt-get install \$\{CJK_FONT_PACKAGE\}/);
  t.match(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8'), /fonts-noto-cjk/);
  t.notMatch(readme, /fonts-wqy/, 'one font named, everywhere');
});

t.test('the set-up says how UMC_PORT and UMC_URL move the mock and every command that talks to it', async (t) => {
  const setUp = section('## Set-up: two commands');
  t.match(setUp, 'UMC_PORT=18710 npm start');
  t.match(setUp, 'export UMC_URL=http://127.0.0.1:18710');
  t.match(section('## Configuration'), /`--port N` \| `UMC_PORT`, else the port of a `UMC_URL` on this machine, else `8010`/);
});

t.test('the X-UMC-Detail header is explained, and listed under Known differences', async (t) => {
  t.match(section('## How it answers'), /`X-UMC-Detail`[\s\S]*URL-encoded[\s\S]*--no-detail-header/);
  t.match(section('## Known differences from the documented platform'), /mock-only `X-UMC-Detail` header/);
  t.match(section('## Configuration'), '`--no-detail-header`');
});

t.test('the README says what npm test prints and where the full TAP is', async (t) => {
  const development = section('## Development');
  t.match(development, 'npm run test:tap');
  t.match(development, 'scripts/tap-reporter.mjs');
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

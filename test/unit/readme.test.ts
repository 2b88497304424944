// The README and the pages of docs/ are part of the contract: the set-up commands, the examples they
// show, the generated lists and every link between them stay true.
import t from 'tap';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { allCases } from '../../contract-tests/index.js';
import { REQUIRED_CODES, withRequiredCodes } from '../../contract-tests/required-codes.js';
import { withCaseTable } from '../../src/contract/case-table.js';
import { collectAssumptions, generalAssumptions, withAssumptions } from '../../src/spec/assumptions.js';
import { loadSpec } from '../../src/spec/load.js';
import { listScenarios } from '../../src/store/scenarios.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const readme = read('README.md');
/** Every page of docs/, and the other Markdown files the README and they link to each other. */
const PAGES = ['README.md', 'ARCHITECTURE.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The lines of a Markdown text outside fenced code blocks (a `# comment` in a shell block is no heading). */
function proseLines(text: string): { line: string; prose: boolean }[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return { line, prose: false };
    }
    return { line, prose: !fenced };
  });
}

const HEADING = /^(#{1,6})\s+(.*?)\s*$/;

/** A section of a page: from its heading to the next heading of the same level or above. */
function section(text: string, heading: string): string {
  const lines = proseLines(text);
  const start = lines.findIndex((l) => l.prose && l.line === heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  const level = heading.split(' ')[0]!.length;
  const end = lines.findIndex((l, i) => i > start && l.prose && (HEADING.exec(l.line)?.[1]!.length ?? 7) <= level);
  return lines.slice(start, end < 0 ? undefined : end).map((l) => l.line).join('\n');
}

t.test('the README shows the two set-up commands', async (t) => {
  t.match(readme, 'npm install && npm start');
  t.match(readme, 'npm test');
});

t.test('the set-up says which font the screenshots need, and so do the script and CI', async (t) => {
  // Without a CJK font Chromium draws every Chinese character as a box; no test takes screenshots, so CI only says so.
  const setUp = section(readme, '## Set-up: two commands');
  t.match(setUp, 'apt-get install fonts-noto-cjk');
  t.match(setUp, /npm run screenshots/);
  t.match(section(read('docs/development.md'), '## Requirements'), /npm run screenshots[\s\S]*apt-get install fonts-noto-cjk/);
  t.match(read('scripts/screenshots.ts'), /apt-get install \$\{CJK_FONT_PACKAGE\}[\s\S]*CJK_FONT_PACKAGE = 'fonts-noto-cjk'|CJK_FONT_PACKAGE = 'fonts-noto-cjk'[\s\S]*apt-get install \$\{CJK_FONT_PACKAGE\}/);
  t.match(read('.ci/run'), /fonts-noto-cjk/);
  for (const page of PAGES) t.notMatch(read(page), /fonts-wqy/, `one font named, everywhere: ${page}`);
});

t.test('the set-up says how UMC_PORT and UMC_URL move the mock and every command that talks to it', async (t) => {
  const setUp = section(readme, '## Set-up: two commands');
  t.match(setUp, 'UMC_PORT=18710 npm start');
  t.match(setUp, 'export UMC_URL=http://127.0.0.1:18710');
  const portRow = /`--port N` \| `UMC_PORT`, else the port of a `UMC_URL` on this machine, else `8010`/;
  t.match(section(readme, '## Configuration'), portRow);
  t.match(read('docs/configuration.md'), portRow);
});

t.test('the X-UMC-Detail header is explained, and listed under Known differences', async (t) => {
  t.match(section(read('docs/how-it-answers.md'), '# How it answers'), /`X-UMC-Detail`[\s\S]*URL-encoded[\s\S]*--no-detail-header/);
  t.match(section(read('docs/known-differences.md'), '# Known differences from the documented platform'), /mock-only `X-UMC-Detail` header/);
  t.match(section(readme, '## Configuration'), '`--no-detail-header`');
  t.match(read('docs/configuration.md'), '`--no-detail-header`');
});

t.test('docs/development.md says what npm test prints and where the full TAP is', async (t) => {
  const tests = section(read('docs/development.md'), '## Tests');
  t.match(tests, 'npm run test:tap');
  t.match(tests, 'scripts/tap-reporter.mjs');
});

t.test('every x-umc-assumption of openapi.yaml is listed under Known differences', async (t) => {
  const spec = loadSpec();
  const page = read('docs/known-differences.md');
  t.equal(page, withAssumptions(page, spec), 'docs/known-differences.md is current: run `npm run docs` after editing openapi.yaml');
  const notes = [...generalAssumptions(spec), ...collectAssumptions(spec).flatMap((a) => a.notes)];
  t.ok(notes.length > 10);
  for (const note of notes) t.ok(page.includes(note.replace(/\s*\n\s*/g, ' ')), note.slice(0, 40));
});

t.test('the decisions for every operation are listed too', async (t) => {
  const page = read('docs/known-differences.md');
  const general = generalAssumptions(loadSpec());
  t.ok(general.length >= 5);
  t.ok(page.includes('- **通用（所有接口）**'));
  for (const note of general) t.ok(page.includes(note), note.slice(0, 40));
});

t.test("docs/clients-and-tests.md's integrator example is the test that npm test runs", async (t) => {
  const example = readFileSync(new URL('../control/integrator-example.test.ts', import.meta.url), 'utf8');
  const body = example.slice(example.indexOf("import t from 'tap';"));
  t.ok(read('docs/clients-and-tests.md').includes(body.trimEnd()), 'docs/clients-and-tests.md shows test/control/integrator-example.test.ts as it is');
});

t.test("the UmcClient example is examples/integrator/ as it is (test/package-install.test.ts runs it)", async (t) => {
  const block = (name: string) => `\`\`\`ts\n${read(`examples/integrator/${name}`).trimEnd()}\n\`\`\``;
  for (const name of ['notices.ts', 'notices.test.ts']) t.ok(read('docs/clients-and-tests.md').includes(block(name)), `docs/clients-and-tests.md shows examples/integrator/${name}`);
  t.ok(section(readme, '## Your code and its tests: UmcClient and startMock').includes(block('notices.test.ts')), 'the README shows examples/integrator/notices.test.ts');
});

t.test('the QA page lists every contract case with its mode and what it could change', async (t) => {
  const page = read('docs/contract.md');
  const cases = allCases(loadSpec(), 0);
  t.equal(page, withCaseTable(page, cases), 'docs/contract.md is current: run `npm run docs` after changing contract-tests');
  for (const c of cases) t.ok(page.includes(`\`${c.id.split('/').slice(2).join('/')}\``), c.id);
});

t.test('docs/required-codes.md lists the codes clients act on, each with its passage and the cases that hold it', async (t) => {
  const page = read('docs/required-codes.md');
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

t.test('the README and docs/scenarios.md list every shipped scenario', async (t) => {
  for (const { name } of listScenarios()) {
    t.match(section(readme, '## Scenarios'), `| \`${name}\` |`, `README: ${name}`);
    t.match(read('docs/scenarios.md'), `| \`${name}\` |`, `docs/scenarios.md: ${name}`);
  }
});

t.test('the README is a guide: no commit hashes, issue numbers or load averages (docs/performance.md keeps the history)', async (t) => {
  const prose = proseLines(readme).filter((l) => l.prose).map((l) => l.line).join('\n');
  t.notMatch(prose, /(?<![\w-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}(?![\w-])/, 'no commit hash');
  t.notMatch(prose, /\bissue \d+/i, 'no issue number');
  t.notMatch(prose, /load average/i, 'no load average');
});

/** GitHub's anchor of a heading: its text lower-cased, punctuation dropped (not '-' or '_'; CJK kept), each space a '-'. */
function anchorOf(heading: string): string {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '').replace(/ /g, '-');
}

/** A page's anchors; a heading seen before gets -1, -2… as on GitHub. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line, prose } of proseLines(text)) {
    const heading = prose ? HEADING.exec(line) : null;
    if (!heading) continue;
    const anchor = anchorOf(heading[2]!);
    const times = seen.get(anchor) ?? 0;
    seen.set(anchor, times + 1);
    anchors.add(times ? `${anchor}-${times}` : anchor);
  }
  return anchors;
}

/** The relative link targets of a page's prose (code blocks and code spans aside). */
function relativeLinks(text: string): string[] {
  const prose = proseLines(text).filter((l) => l.prose).map((l) => l.line.replace(/`[^`]*`/g, '')).join('\n');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

t.test('every relative link and #anchor of the README, ARCHITECTURE.md and docs/*.md resolves', async (t) => {
  t.equal(anchorOf('A mock that answers like your deployment (`--profile`)'), 'a-mock-that-answers-like-your-deployment---profile');
  t.equal(anchorOf('Dev inbox: see what your code sent (`/__umc/ui/`)'), 'dev-inbox-see-what-your-code-sent-__umcui');
  t.equal(anchorOf('Known differences and decisions: 契约 (umc-contract)'), 'known-differences-and-decisions-契约-umc-contract');
  let count = 0;
  for (const page of PAGES) {
    for (const target of relativeLinks(read(page))) {
      count++;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path ? normalize(join(dirname(page), decodeURIComponent(path))) : page;
      const exists = existsSync(join(ROOT, file));
      t.ok(exists, `${page}: ${target} (${file} exists)`);
      if (anchor === undefined || !exists) continue;
      t.ok(statSync(join(ROOT, file)).isFile() && file.endsWith('.md'), `${page}: ${target} points into a Markdown file`);
      t.ok(anchorsOf(read(file)).has(decodeURIComponent(anchor)), `${page}: ${target} (#${anchor} is a heading of ${file})`);
    }
  }
  t.ok(count > 80, `${count} links`);
});

t.test("the README's contents list every section, and every section points to the page with its whole story", async (t) => {
  const sections = proseLines(readme).filter((l) => l.prose && l.line.startsWith('## ')).map((l) => l.line);
  const contents = section(readme, '## Contents');
  for (const heading of sections.filter((h) => h !== '## Contents')) {
    t.match(contents, `](#${anchorOf(heading.slice(3))})`, `${heading} is in the contents`);
    t.match(section(readme, heading), '](docs/', `${heading} links to docs/`);
  }
  t.match(readme.slice(0, readme.indexOf('## Contents')), '](ARCHITECTURE.md)', 'the top of the README links ARCHITECTURE.md');
});

t.test('package.json ships every page of docs/ (the README links them)', async (t) => {
  t.ok((JSON.parse(read('package.json')).files as string[]).includes('docs/*.md'));
});

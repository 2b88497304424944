// The "unit" group: every test file under test/unit/ and beside the code (src/**/*.test.ts), in this one
// process (test/README.md); first a check that each test file runs once: tap runs it alone, or one group does.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { groupFiles, runGroup, testFilesUnder } from '../helpers/groups.js';
import { runTap } from '../helpers/run-process.js';

// Several files' tests: more than one file's timeout, with room for a loaded two-core machine.
t.setTimeout(300_000);

t.test("tap's include and exclude globs run alone exactly the test files no group runs", async (t) => {
  const groups = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.test\.ts$/, ''));
  const grouped = groups.flatMap(groupFiles);
  t.equal(new Set(grouped).size, grouped.length, 'no file in two groups');
  // What tap itself would run, read from package.json's tap.include and tap.exclude.
  const list = await runTap(['list']);
  if (list.code !== 0) throw new Error(`tap list failed: ${list.stderr}`);
  const alone = list.stdout.trim().split('\n');
  for (const file of grouped) t.notOk(alone.includes(file), `${file}: tap skips it, its group runs it`);
  const every = [...testFilesUnder('src'), ...testFilesUnder('test')];
  t.same([...alone, ...grouped].sort(), every.sort(), 'every other test file tap runs alone: none never runs, none twice');
});

await runGroup('unit');

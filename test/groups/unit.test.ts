// The files of test/helpers/groups.ts's "unit" group, in this one process, after a check that tap itself
// skips exactly the grouped files: none runs twice, none never.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { GROUPS, runGroup } from '../helpers/groups.js';

// Several files' tests: more than one file's timeout, with room for a loaded two-core machine.
t.setTimeout(300_000);

t.test("package.json's tap.exclude names exactly the grouped files", async (t) => {
  const exclude = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).tap.exclude as string[]).filter((p) => !p.includes('*'));
  const grouped = Object.values(GROUPS).flat();
  t.equal(new Set(grouped).size, grouped.length, 'no file in two groups');
  t.same([...exclude].sort(), [...grouped].sort(), 'tap skips a file exactly when a group runs it');
  for (const file of grouped) t.ok(existsSync(new URL(`../../${file}`, import.meta.url)), file);
});

await runGroup('unit');

// Both YAML files say what their author meant: a description with ", " inside an unquoted { } flow mapping
// is split by YAML into a second key with no value, and a repeated key silently wins over the first. Both
// parse without complaint, so this reads them strictly and fails on either.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { isPair, isScalar, parseDocument, visit } from 'yaml';
import { CONTROL_SPEC_PATH } from '../../src/spec/control-spec.js';
import { SPEC_PATH } from '../../src/spec/load.js';

/** What is wrong with a YAML text: parse errors (a duplicate key is one), and each key left without a value. */
function strictYamlProblems(text: string): string[] {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problems = doc.errors.map((e) => `${e.code}: ${e.message.split('\n')[0]} (line ${e.linePos?.[0]?.line ?? '?'})`);
  const lineOf = (offset: number | undefined) => (offset === undefined ? '?' : text.slice(0, offset).split('\n').length);
  visit(doc, {
    Pair(_key, pair) {
      if (!isPair(pair)) return;
      // `key: null` written out is a value; a key with nothing after it (or a split description) is not.
      const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null && pair.value.source === '');
      if (empty) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        problems.push(`key without a value: "${key}" (line ${lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined)})`);
      }
    },
  });
  return problems;
}

t.test('the check catches a split description, an empty key and a duplicate key', async (t) => {
  t.match(strictYamlProblems('a: { type: string, description: one, two }\n'), [/without a value: "two"/]);
  t.match(strictYamlProblems('a:\n  b:\n  c: 1\n'), [/without a value: "b"/]);
  t.match(strictYamlProblems('a: 1\nb: 2\na: 3\n'), [/DUPLICATE_KEY/]);
  t.same(strictYamlProblems('a: { description: "one, two", value: null }\nb: ~\n'.replace('~', 'null')), [], 'quoted commas and a written null are fine');
});

for (const file of [SPEC_PATH, CONTROL_SPEC_PATH]) {
  t.test(`${file.split('/').pop()} parses strictly: no duplicate key, no key without a value`, async (t) => {
    t.same(strictYamlProblems(readFileSync(file, 'utf8')), []);
  });
}

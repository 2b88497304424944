// Start-up work done once: each YAML file read once per process (from its build snapshot while that
// matches the text), validators compiled on first use and kept, files found from src/ and dist/.
import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadControlSpec } from '../../src/spec/control-spec.js';
import { PACKAGE_ROOT, packageRootOf } from '../../src/package-root.js';
import { loadSpec } from '../../src/spec/load.js';
import { paramValidators } from '../../src/spec/param-validators.js';
import { PRECOMPILED_PARAMS_FILE, precompiledParams } from '../../src/spec/precompiled-params.js';
import { compileParamValidator, createAjv } from '../../src/spec/validate.js';
import { SNAPSHOT_DIR, digestOf, readYaml, snapshotFileOf } from '../../src/spec/read-yaml.js';

t.test('openapi.yaml and control-plane.yaml are loaded once per process', async (t) => {
  t.equal(loadSpec(), loadSpec());
  t.equal(loadControlSpec(), loadControlSpec());
});

t.test("an operation's validator is made once, on first use", async (t) => {
  const paramValidator = paramValidators(loadSpec());
  const op = loadSpec().byId.get('getProgress')!;
  t.equal(paramValidator(op), paramValidator(op));
  t.not(paramValidator(op), paramValidator(loadSpec().byId.get('replyMessage')!));
  t.match(paramValidator(op)({}), { ok: false, issues: [{ param: 'token', rspCode: '500003' }] });
});

t.test("the build's validator code is used for openapi.yaml as it is, never for other rules", async (t) => {
  t.ok(existsSync(PRECOMPILED_PARAMS_FILE), 'the build wrote it (tap runs the build first)');
  const spec = loadSpec();
  const code = precompiledParams(spec);
  t.ok(code, 'it matches the shipped openapi.yaml');
  t.ok(code!.get('sendMessageApi') && code!.get('sendMessageApi/receivers'), 'one per schema: parameters and JSON-text contents');
  const changed = { ...spec, operations: spec.operations.map((op) => (op.operationId === 'getProgress' ? { ...op, paramsSchema: { ...op.paramsSchema, required: ['token'] } } : op)) };
  t.equal(precompiledParams(changed), undefined, 'a changed parameter rule is compiled now instead');
  // The code answers as ajv does: the same issues, messages and coercions.
  const sample = { token: 'x', msgtitle: 'a'.repeat(300), msgType: '9', receivers: '[{"name":"张三"}]', sendStatus: '2' };
  const op = spec.byId.get('sendMessageApi')!;
  const fromCode = compileParamValidator((_schema, key) => code!.get(key)!, op)(sample);
  const fromAjv = compileParamValidator(createAjv(), op)(sample);
  t.same(fromCode, fromAjv);
  t.equal(fromCode.ok, false);
});

t.test('a YAML snapshot is used only while its digest matches the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-yaml-'));
  const file = join(dir, `spec-cache-${process.pid}.yaml`);
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(snapshotFileOf(file), { force: true });
  });
  const text = 'answer: from yaml\n';
  writeFileSync(file, text);
  t.same(readYaml(file), { answer: 'from yaml' }, 'no snapshot: parsed');
  writeFileSync(snapshotFileOf(file), JSON.stringify({ source: digestOf(text), document: { answer: 'from snapshot' } }));
  t.same(readYaml(file), { answer: 'from snapshot' }, 'a current snapshot is used');
  writeFileSync(file, 'answer: edited\n');
  t.same(readYaml(file), { answer: 'edited' }, 'an edited file is parsed again, not served stale');
  writeFileSync(snapshotFileOf(file), 'not json');
  t.same(readYaml(file), { answer: 'edited' }, 'a broken snapshot is ignored');
});

t.test('the package root is found from src/ and from dist/src/ alike', async (t) => {
  t.equal(packageRootOf(join(PACKAGE_ROOT, 'src', 'spec')), PACKAGE_ROOT);
  t.equal(packageRootOf(join(PACKAGE_ROOT, 'dist', 'src', 'spec')), PACKAGE_ROOT);
  t.throws(() => packageRootOf('/'), /no package.json above/);
});

t.test("the scenario files' validators: the build's precompiled code, the same answers as ajv compiling now", async (t) => {
  const { compiledNow, fixtureSchemas, fixtureValidators } = await import('../../src/store/fixture-validators.js');
  const { FIXTURES_DIR } = await import('../../src/store/scenarios.js');
  const { readFileSync } = await import('node:fs');
  const loaded = fixtureValidators();
  t.equal(loaded.source, 'precompiled', 'dist/ is built (tap\'s before hook): its validators are used');
  const now = compiledNow(fixtureSchemas());
  const samples: [string, unknown][] = [
    ['apps.json', JSON.parse(readFileSync(join(FIXTURES_DIR, 'default', 'apps.json'), 'utf8'))],
    ['people.json', JSON.parse(readFileSync(join(FIXTURES_DIR, 'default', 'people.json'), 'utf8'))],
    ['apps.json', [{ appId: 'X1', appPassword: '1', name: '', status: 'on', channels: ['Fax'], ipWhitelist: ['nope'] }]],
    ['faults.json', [{ operationId: 'sendMessageApi', rspCode: '100011', latencyMs: 5 }]],
  ];
  for (const [name, data] of samples) {
    const a = structuredClone(data);
    const b = structuredClone(data);
    const okA = loaded.validators.get(name)!(a);
    const okB = now.get(name)!(b);
    t.equal(okA, okB, `${name}: the same verdict`);
    t.same(a, b, `${name}: the same defaults filled in`);
    t.same(loaded.validators.get(name)!.errors ?? null, now.get(name)!.errors ?? null, `${name}: the same errors`);
  }
});

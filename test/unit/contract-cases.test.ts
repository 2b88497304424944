// The suite's building blocks: generated cases are reproducible with --seed and each one is
// rejected on the field it names; secrets are masked in every form; curl quoting is exact;
// full mode on the mock picks the person reachable on the most channels.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import t from 'tap';
import { allCases } from '../../contract-tests/index.js';
import { rejectionBaseline } from '../../contract-tests/samples.js';
import { CHECKS, CHECK_ALIASES, checksNamed } from '../../src/contract/checks.js';
import { toCurl } from '../../src/contract/curl.js';
import { selectCases } from '../../src/contract/runner.js';
import { assumptionReport } from '../../src/contract/runner.js';
import type { CaseResult } from '../../src/contract/types.js';
import { negativeCases } from '../../src/contract/generate.js';
import { parseContractOptions } from '../../src/contract/options.js';
import { seededRandom } from '../../src/contract/random.js';
import { receiversFromDirectory } from '../../src/contract/receivers.js';
import { Secrets } from '../../src/contract/secrets.js';
import { loadSpec } from '../../src/spec/load.js';
import { compileParamValidator, createAjv } from '../../src/spec/validate.js';

const spec = loadSpec();
const run = promisify(execFile);

t.test('the generator reads openapi.yaml alone, and the mock\'s validator agrees with every case it makes', async (t) => {
  // The cross-check lives here, in the project's tests: the suite itself never sees the mock's validator.
  for (const op of spec.operations) {
    const baseline = op.needsToken ? { token: '11111111-1111-4111-8111-111111111111', ...rejectionBaseline(spec, op.operationId) } : rejectionBaseline(spec, op.operationId);
    const validate = compileParamValidator(createAjv(), op);
    t.ok(validate(structuredClone(baseline)).ok, `${op.operationId}: baseline valid`);
    const generated = negativeCases(op, seededRandom(1), op.needsToken ? ['token'] : []);
    t.ok(generated.length > 0 || op.params.every((p) => p.name === 'token'), `${op.operationId}: ${generated.length} rejection cases`);
    for (const m of generated) {
      const params = structuredClone(baseline);
      m.apply(params);
      const result = validate(params);
      t.equal(result.ok ? undefined : result.issues[0]!.param, m.field, `${op.operationId} ${m.kind}: rejected on ${m.field}`);
      t.equal(result.ok ? undefined : result.issues[0]!.rspCode, m.code, `${op.operationId} ${m.kind} → ${m.code}`);
    }
  }
});

t.test('a rule is judged by the document only where openapi.yaml gives its phrase', async (t) => {
  const cases = allCases(spec, 1);
  const doc = (id: string) => cases.find((c) => c.id === id)?.doc;
  t.match(doc('negative/sendMessageApi/msgtitle-too-long'), { section: '5.3.1', phrase: /长度不超过100/ });
  t.match(doc('negative/getUserMessageList/account-missing'), { section: '5.2.6', phrase: /account 是否必须：是/ });
  for (const id of [
    'negative/getThirdAPIToken/appId-too-long', // our limit
    'negative/getThirdAPIToken/appPassword-too-long',
    'negative/checkMessageStatusApi/state-missing', // 否 in the document
    'negative/checkMessageStatusApi/msgId-missing',
    'negative/sendMessageApi/sendTime-pattern-mismatch', // checked when sendStatus=1: ours
    'negative/replyMessage/count-below-minimum', // rejected rather than clamped: ours
    'negative/cardMessage/url-too-many-bytes', // "最长2048字节": refused rather than cut is ours
    'token/getThirdAPITokenByGet/issues-token', // the document says POST
  ]) {
    t.ok(cases.some((c) => c.id === id), `${id} exists`);
    t.equal(doc(id), undefined, `${id}: no passage, notes only`);
  }
  t.match(cases.find((c) => c.id === 'negative/cardMessage/url-too-many-bytes')?.assumptions, [{}, { id: 'rule.cardMessage.url.x-umc-max-bytes' }], 'its rule is our assumption');
  // receivers' type: the document says "默认为User", no list of types; refusing the others is ours.
  const receivers = spec.byId.get('sendMessageApi')!.params.find((p) => p.name === 'receivers')!.schema;
  const type = ((receivers.contentSchema as any).items.properties.type) as Record<string, unknown>;
  t.same(type['x-umc-assumed'], ['enum']);
  t.same(type['x-umc-doc'], { default: 'type：接收人类型、默认为User' }, 'the phrase is cited for the default only');
  t.notMatch(JSON.stringify(receivers['x-umc-doc']), /默认为User/, 'and not for the items rule');
  t.notOk(cases.some((c) => c.id === 'negative/sendTemplateApi/pcUrl-too-long'), "5.3.3's pcUrl is 已经废弃暂不使用: no length to enforce, so no case");
  t.ok(cases.filter((c) => c.group === 'negative' && c.doc).length > 40, 'most rejections rest on a passage');
});

t.test('safe mode holds no case that could change state on a target that accepted it', async (t) => {
  for (const c of allCases(spec, 1).filter((x) => x.mode === 'safe')) {
    const touches = c.operationIds.map((id) => spec.byId.get(id)!).filter((op) => op.changesState && op.needsToken);
    t.ok(touches.length === 0 || c.group === 'auth', `${c.id}: ${touches.length === 0 ? 'read-only or 5.1.1' : 'no valid token'}`);
  }
});

t.test('the same seed gives the same cases and values; another seed other values', async (t) => {
  const values = (seed: number) =>
    allCases(spec, seed)
      .filter((c) => c.id.endsWith('-too-long'))
      .map((c) => c.title);
  t.same(
    allCases(spec, 5).map((c) => c.id),
    allCases(spec, 6).map((c) => c.id),
    'case ids do not depend on the seed',
  );
  const op = spec.byId.get('sendMessageApi')!;
  const apply = (list: ReturnType<typeof negativeCases>) =>
    list.map((g) => {
      const p: Record<string, unknown> = {};
      g.apply(p);
      return p;
    });
  t.same(apply(negativeCases(op, seededRandom(5))), apply(negativeCases(op, seededRandom(5))));
  t.not(JSON.stringify(apply(negativeCases(op, seededRandom(5)))), JSON.stringify(apply(negativeCases(op, seededRandom(6)))));
  t.ok(values(1).length > 5);
});

t.test('secrets are masked raw, URL-encoded and JSON-escaped', async (t) => {
  const secrets = new Secrets('ab+c/d=', 'admin-token-123');
  t.equal(secrets.mask('x admin-token-123'), 'x ***', 'the admin token too');
  secrets.absorb({ rspCode: 0, resultData: '8f2c1e7a-token-as-a-string' }, true);
  secrets.absorb({ resultData: { nested: [{ accessToken: 12345678 }] } }, false);
  t.equal(secrets.mask('8f2c1e7a-token-as-a-string 12345678'), '*** ***', 'tokens found whatever the shape');
  secrets.add('86988ae9-077c-4a3f-807d-39840403efc3', 'UMC_TOKEN');
  const text = 'p=ab+c/d= q=ab%2Bc%2Fd%3D r=ab%2Bc%2Fd%3D token 86988ae9-077c-4a3f-807d-39840403efc3';
  t.equal(secrets.mask(text), 'p=*** q=*** r=*** token ***');
  t.same(secrets.maskValue({ a: ['x ab+c/d='] }), { a: ['x ***'] });
});

t.test('curl commands quote exactly and refer to secrets by variable', async (t) => {
  const secrets = new Secrets('PaSsWoRd');
  secrets.add('tok-1234', 'UMC_TOKEN');
  const curl = toCurl(
    { method: 'POST', url: 'http://127.0.0.1:1/message/cardMessage', query: [], body: { kind: 'json', value: { token: 'tok-1234', title: "it's 'quoted' $HOME `x`" } } },
    secrets,
  );
  t.notMatch(curl, /tok-1234/);
  t.match(curl, /"\$UMC_TOKEN"/);
  // Replace curl by echo to see what the shell would pass.
  const { stdout } = await run('bash', ['-c', curl.replace(/^curl .* --data-raw /, 'printf %s ')], { env: { UMC_TOKEN: 'T' } });
  t.same(JSON.parse(stdout), { token: 'T', title: "it's 'quoted' $HOME `x`" });
  const get = toCurl({ method: 'GET', url: 'http://h/msg/getThirdAPIToken', query: [['appId', 'MSG1'], ['appPassword', 'PaSsWoRd']] }, secrets);
  t.equal(get, `curl -sS -X GET 'http://h/msg/getThirdAPIToken?appId=MSG1&appPassword='"$UMC_APP_PASSWORD"`);
});

t.test('the mock directory: the person reachable on the most channels', async (t) => {
  const r = receiversFromDirectory([
    { userId: 'a', name: 'A', mobile: '13800000000' },
    { userId: 'b', name: 'B', mobile: '13800000001', email: 'b@x', wecomId: 'wb', dingtalkId: 'db' },
    { userId: 'c', name: 'C', mobile: '13800000002', email: 'c@x', wecomId: 'wc', dingtalkId: 'dc', status: 'disabled' },
  ]);
  t.same(r.users, [{ userId: 'b', name: 'B' }]);
  t.same(r.mobiles, [{ mobile: '13800000001', name: 'B' }]);
  t.equal(receiversFromDirectory([]).users.length, 0);
});

t.test('options: environment fallbacks, reporter binding, validation', async (t) => {
  const env = { UMC_BASE_URL: 'http://x:1/', UMC_APP_ID: 'MSG1', UMC_APP_PASSWORD: 'pw' };
  const o = parseContractOptions(['--reporter', 'tap,junit', '--out', '-', '--out', 'j.xml', '--seed', '9'], env);
  t.not(o, 'help');
  if (typeof o === 'string') return;
  t.equal(o.baseUrl, 'http://x:1');
  t.same(o.reporters, [{ name: 'tap', out: '-' }, { name: 'junit', out: 'j.xml' }]);
  t.equal(o.seed, 9);
  t.equal(o.mode, 'safe');
  t.equal(o.timeoutMs, 10_000);
  t.equal(o.rateLimit, undefined, 'the default depends on the target');
  t.ok(Object.isFrozen(o));
  const named = parseContractOptions(['--out', 'junit=r.xml'], env);
  t.same(typeof named !== 'string' && named.reporters, [{ name: 'junit', out: 'r.xml' }]);
  t.throws(() => parseContractOptions(['--reporter', 'tap,json'], env), /只能有一个报告写到标准输出/);
  t.throws(() => parseContractOptions(['--reporter', 'junit,json', '--out', 'r', '--out', 'r'], env), /同一个文件/);
  t.throws(() => parseContractOptions(['--reporter', 'tap', '--reporter', 'tap'], env), /--reporter 重复/);
  t.throws(() => parseContractOptions(['--rate-limit', '0'], env), /--rate-limit 必须是正数/);
  t.throws(() => parseContractOptions(['--base-url', 'ftp://x'], env), /http 或 https/);
  t.throws(() => parseContractOptions([], { UMC_BASE_URL: 'http://x' }), /--app-id/);
});

t.test('options: --out takes a comma list, as --reporter does, standard output first included', async (t) => {
  const env = { UMC_BASE_URL: 'http://x:1/', UMC_APP_ID: 'MSG1', UMC_APP_PASSWORD: 'pw' };
  const reporters = (argv: string[]) => {
    const o = parseContractOptions(argv, env);
    return typeof o === 'string' ? o : o.reporters;
  };
  // `--out -,j.xml` used to stop with parseArgs' "argument is ambiguous"; `--out a.tap,j.xml` wrote one file named "a.tap,j.xml".
  t.same(reporters(['--reporter', 'tap,junit', '--out', '-,j.xml']), [{ name: 'tap', out: '-' }, { name: 'junit', out: 'j.xml' }]);
  t.same(reporters(['--reporter', 'tap,junit', '--out', 'a.tap,j.xml']), [{ name: 'tap', out: 'a.tap' }, { name: 'junit', out: 'j.xml' }]);
  t.same(reporters(['--reporter', 'tap,junit,json', '--out', '-,j.xml', '--out', 'r.json']), [{ name: 'tap', out: '-' }, { name: 'junit', out: 'j.xml' }, { name: 'json', out: 'r.json' }], 'a list and a repeated --out together');
  t.same(reporters(['--out', 'junit=j.xml,json=r.json']), [{ name: 'junit', out: 'j.xml' }, { name: 'json', out: 'r.json' }]);
  const o = parseContractOptions(['--reporter', 'junit', '--out', 'j.xml,assumptions=a.json'], env);
  t.equal(typeof o !== 'string' && o.assumptionsOut, 'a.json', 'assumptions=FILE inside a list');
  t.throws(() => parseContractOptions(['--reporter', 'junit', '--out', 'a.xml,b.xml'], env), /--out 比 --reporter 多：b\.xml/, 'one file too many is named');
  t.throws(() => parseContractOptions(['--out', '-x'], env), /ambiguous/, 'a value that only looks like a flag is still refused');
});

t.test('options: the target from UMC_URL (where umc-mock is) when neither --base-url nor UMC_BASE_URL names one', async (t) => {
  const creds = { UMC_APP_ID: 'MSG1', UMC_APP_PASSWORD: 'pw' };
  const target = (argv: string[], env: Record<string, string>) => {
    const o = parseContractOptions(argv, { ...creds, ...env });
    return typeof o === 'string' ? o : o.baseUrl;
  };
  t.equal(target([], { UMC_URL: 'http://127.0.0.1:18710/' }), 'http://127.0.0.1:18710');
  t.equal(target([], { UMC_URL: 'http://127.0.0.1:18710', UMC_BASE_URL: 'https://staging.example.edu' }), 'https://staging.example.edu', 'UMC_BASE_URL first');
  t.equal(target(['--base-url', 'https://qa.example.edu'], { UMC_URL: 'http://127.0.0.1:18710', UMC_BASE_URL: 'https://staging.example.edu' }), 'https://qa.example.edu', 'the flag wins');
  t.throws(() => parseContractOptions([], creds), /缺少 --base-url（或环境变量 UMC_BASE_URL、UMC_URL）/);
});

t.test('the assumption report: what an inconclusive case saw confirms nothing; what it contradicted still counts', async (t) => {
  const assumption = { id: 'rule.x.y.maxLength', text: '我们的规则' };
  const result = (id: string, status: CaseResult['status'], ok: boolean): CaseResult => ({
    id, group: 'negative', operationIds: ['x'], title: id, mode: 'safe', status, exchanges: [], ms: 0,
    checks: [{ name: 'negative_data_rejection', ok, basis: { assumption }, ...(ok ? {} : { verdict: 'note' as const }) }],
  });
  const selected = allCases(spec, 1).slice(0, 1).map((c) => ({ ...c, assumptions: [assumption] }));
  const of = (results: CaseResult[]) => assumptionReport(results, selected).find((o) => o.assumption.id === assumption.id);
  const never = of([result('a', 'inconclusive', true)]);
  t.match(never, { assumption: { id: assumption.id }, status: 'not observed', observed: 0 }, 'an inconclusive case never reached the rule');
  const reached = of([result('a', 'inconclusive', true), result('b', 'passed', true)]);
  t.match(reached, { status: 'confirmed', observed: 1 });
  const contradicted = of([result('a', 'inconclusive', false)]);
  t.match(contradicted, { status: 'contradicted', contradictions: [{ case: 'a' }] });
});

t.test('the flows name each step\'s check; --skip flow_step, their old common name, still turns them all off', async (t) => {
  const text = readFileSync(new URL('../../contract-tests/flows.cases.ts', import.meta.url), 'utf8');
  const used = new Set([...text.matchAll(/ctx\.(?:check|fail)\(\s*'([a-z_]+)'/g)].map((m) => m[1]!));
  t.ok(used.size >= 12, `${used.size} checks in the flows`);
  t.notOk(used.has('flow_step'), 'no step is judged by the catch-all name');
  for (const name of used) t.ok(checksNamed('flow_step').includes(name as keyof typeof CHECKS), `--skip flow_step covers ${name}`);
  t.notOk('flow_step' in CHECKS, 'flow_step is no check of its own');
  for (const name of CHECK_ALIASES.flow_step!) t.ok(name in CHECKS, `${name} is in the catalogue`);
  const spec = loadSpec();
  const cases = allCases(spec, 1);
  t.equal(selectCases(cases, spec, { mode: 'full', only: [], skip: ['flow_step'] }).length, selectCases(cases, spec, { mode: 'full', only: [], skip: [] }).length, 'accepted by --skip, as a check name (no case is left out)');
  t.throws(() => selectCases(cases, spec, { mode: 'full', only: [], skip: ['no_such_check'] }), /不认识/);
});

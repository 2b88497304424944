// The release check's data layer: a run's profile (what the deployment did in every case) holds
// no secret and nothing run-specific, so two runs against an unchanged platform compare equal; a
// run against a regressed platform compared with it names what changed, case by case.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareProfiles, type Change, type Comparison } from '../src/contract/baseline.js';
import { ConfigError } from '../src/contract/options.js';
import { PROFILE_VERSION, buildProfile, makeScrubber, profileText, readProfile, type AnswerShape, type Observation, type Profile } from '../src/contract/profile.js';
import { Secrets } from '../src/contract/secrets.js';
import type { Mode, RunReport } from '../src/contract/types.js';
import { runSuite } from './helpers/contract.js';
import { startIndependentPlatform, type IndependentOptions, type IndependentPlatform } from './helpers/independent-platform.js';

// Each run waits mostly on the platform's real-time clock (deliveries, flows): side by side.
t.jobs = 3;

// ---------------------------------------------------------------------------
// Real runs against the independent platform, profiled as the CLI will
// ---------------------------------------------------------------------------

interface ReceiversFile {
  users: { userId: string }[];
  mobiles: { mobile: string }[];
  publicId: string;
  templateId: string;
}

interface ProfiledRun {
  profile: Profile;
  report: RunReport;
  /** The run tag, read from a title the suite sent (only full mode sends any). */
  runTag: string;
  receivers: ReceiversFile;
}

function runTagOf(report: RunReport): string {
  const requests = JSON.stringify(report.results.flatMap((r) => r.exchanges.map((ex) => ex.request)));
  return /umc-contract (\w+)/.exec(requests)?.[1] ?? '';
}

/** Runs the suite against the platform: the profile is the one the runner builds (what --save-profile writes). */
async function profiledRun(p: IndependentPlatform, mode: Mode): Promise<ProfiledRun> {
  const { report, profile } = await runSuite(p.url, { appId: p.appId, appPassword: p.appPassword, receiversFile: p.receiversFile, flowTimeoutSeconds: 4, mode });
  const receivers = JSON.parse(readFileSync(p.receiversFile, 'utf8')) as ReceiversFile;
  return { profile, report, runTag: runTagOf(report), receivers };
}

/** Two runs against one faithful platform per mode, shared by the tests below (each run costs seconds). */
const faithfulRuns = new Map<Mode, Promise<{ p: IndependentPlatform; first: ProfiledRun; second: ProfiledRun }>>();
function faithful(mode: Mode) {
  let runs = faithfulRuns.get(mode);
  if (!runs) {
    runs = (async () => {
      const p = await startIndependentPlatform(t, {});
      const first = await profiledRun(p, mode);
      const second = await profiledRun(p, mode);
      return { p, first, second };
    })();
    faithfulRuns.set(mode, runs);
  }
  return runs;
}

async function variantProfile(tt: { teardown(fn: () => unknown): void }, options: IndependentOptions): Promise<Profile> {
  return (await profiledRun(await startIndependentPlatform(tt, options), 'safe')).profile;
}

const allChanges = (c: Comparison): (Change & { case: string })[] => Object.entries(c.changes).flatMap(([id, list]) => list.map((change) => ({ case: id, ...change })));
const tally = (c: Comparison) => {
  const changes = allChanges(c);
  return { cases: Object.keys(c.changes).length, clientVisible: changes.filter((x) => x.severity === 'client-visible').length, wording: changes.filter((x) => x.severity === 'wording').length };
};

for (const mode of ['full', 'safe'] as const) {
  t.test(`${mode} mode: a second run against the same platform has the same profile`, async (t) => {
    const { first, second } = await faithful(mode);
    const comparison = compareProfiles(first.profile, second.profile);
    t.equal(comparison.compared, first.report.results.length, `all ${comparison.compared} cases compared`);
    t.same(comparison.notInBaseline, []);
    t.same(comparison.changes, {}, 'replies consumed and mailboxes grown since the first run are no change');
    t.same(first.profile.tokenMethods, { POST: true, GET: false }, 'the platform issues tokens by POST only');
    const tokenCase = first.profile.cases['token/getThirdAPIToken/issues-token']!;
    t.equal(tokenCase.operation, 'getThirdAPIToken');
    t.same(Object.keys(tokenCase.steps), ['getThirdAPIToken']);
    t.same(first.profile.cases['negative/getUserMessageList/page-missing']?.field, 'page');
    if (mode === 'full') {
      t.ok(first.runTag.length > 3 && second.runTag !== first.runTag, 'each run has its own tag');
      t.same(Object.keys(first.profile.cases['flow/sendMessageApi/send-then-progress']!.steps), ['send', 'progress'], 'the polls are one step');
      t.same(Object.keys(first.profile.cases['flow/checkMessageStatusApi/template-todo-confirm']!.steps), ['send template todo', 'confirm done', 'confirm again'], 'prerequisite lookups are not steps');
      const progress = first.profile.cases['flow/sendMessageApi/send-then-progress']!.steps.progress!;
      t.equal(progress.length, 1, 'polls answered alike are one observation');
      t.same((progress[0] as AnswerShape).fields?.['resultData.state'], 'string');
      t.same((first.profile.cases['flow/sendMessageApi/send-then-progress']!.steps.send![0] as AnswerShape).ids, { 'resultData.msgId': 'hex32' });
    }
  });
}

t.test('a profile holds no secret, receiver, run tag or target', async (t) => {
  const { p, first, second } = await faithful('full');
  const echoing = await startIndependentPlatform(t, { regression: 'echo-password' });
  const echoed = await profiledRun(echoing, 'safe');
  for (const [name, run, platform] of [['full run', first, p], ['second full run', second, p], ['a platform that echoes the appPassword', echoed, echoing]] as const) {
    const text = profileText(run.profile);
    const tokens = run.report.results.flatMap((r) =>
      r.exchanges.flatMap((ex) => {
        const issued = (ex.json as { resultData?: { token?: unknown } } | undefined)?.resultData?.token;
        const sent = [...ex.request.query, ...(ex.request.body?.kind === 'form' ? ex.request.body.fields : [])].filter(([k]) => k === 'token').map(([, v]) => v);
        return [...(ex.operationId.startsWith('getThirdAPIToken') && typeof issued === 'string' ? [issued] : []), ...sent];
      }),
    );
    t.ok(tokens.length > 10, `${name}: ${tokens.length} tokens to look for`);
    const forbidden = [
      platform.appPassword,
      encodeURIComponent(platform.appPassword),
      platform.appId,
      platform.url,
      new URL(platform.url).host,
      ...tokens,
      ...run.receivers.users.map((u) => u.userId),
      ...run.receivers.mobiles.map((m) => m.mobile),
      run.receivers.publicId,
      run.receivers.templateId,
      ...(run.runTag ? [run.runTag] : []),
    ];
    const found = [...new Set(forbidden)].filter((value) => text.includes(value));
    t.same(found, [], `${name}: none of ${forbidden.length} values in the profile`);
  }
  t.ok(first.runTag, 'the full run had a tag to look for');
  t.match(profileText(echoed.profile), /"resultData\.app\.appPassword": "string"/, 'an echoed appPassword is kept as a type, never as a value');
});

t.test('a regressed platform compared with the faithful one: what changed, and how a client would notice', async (t) => {
  const baseline = (await faithful('safe')).first.profile;
  const compare = async (t: { teardown(fn: () => unknown): void; equal(a: unknown, b: unknown): boolean; comment(text: string): void }, options: IndependentOptions) => {
    const comparison = compareProfiles(baseline, await variantProfile(t, options));
    t.equal(comparison.compared, Object.keys(baseline.cases).length);
    t.comment(`${JSON.stringify(options)}: ${JSON.stringify(tally(comparison))}`);
    return comparison;
  };

  t.test('text/html answers: the Content-Type changed in nearly every case', async (t) => {
    const comparison = await compare(t, { regression: 'text-html' });
    const changes = allChanges(comparison);
    t.ok(Object.keys(comparison.changes).length >= comparison.compared - 1, `${Object.keys(comparison.changes).length} of ${comparison.compared} cases`);
    t.ok(
      changes.every((c) => c.aspect === 'content-type' && c.severity === 'client-visible' && c.before === 'application/json;charset=utf-8' && c.after === 'text/html;charset=utf-8'),
      'only the Content-Type, client-visible',
    );
  });

  t.test('another rejection code: rspCode changed in the rejection cases', async (t) => {
    const comparison = await compare(t, { regression: 'other-rejection-code' });
    const changes = allChanges(comparison);
    t.ok(changes.length >= 20, `${changes.length} changes`);
    t.ok(changes.every((c) => c.aspect === 'rsp-code' && c.severity === 'client-visible' && c.before === 'string "500001"' && c.after === 'string "500012"'), '500001 became 500012, client-visible');
    t.ok(Object.keys(comparison.changes).every((id) => /^(auth|negative)\//.test(id)), 'only rejection cases changed');
    t.ok(comparison.changes['negative/getUserMessageList/page-missing'], 'a missing page is now 500012');
  });

  t.test('HTTP 400 for business errors: the HTTP status changed', async (t) => {
    const comparison = await compare(t, { regression: 'http-400-errors' });
    const changes = allChanges(comparison);
    t.ok(changes.length >= 40, `${changes.length} changes`);
    t.ok(changes.every((c) => c.aspect === 'http-status' && c.severity === 'client-visible' && c.before === '200' && c.after === '400'), '200 became 400, client-visible');
    t.notOk(comparison.changes['token/getThirdAPIToken/issues-token'], 'a success is still HTTP 200');
  });

  t.test('reworded rspMsg: wording only, nothing a client would notice', async (t) => {
    const comparison = await compare(t, { reword: true });
    const { clientVisible, wording } = tally(comparison);
    t.equal(clientVisible, 0, 'no client-visible change');
    t.ok(wording > 40, `${wording} rspMsg changes`);
    t.same(comparison.changes['token/getThirdAPIToken/wrong-password'], [
      { step: 'getThirdAPIToken', aspect: 'rsp-msg', what: 'rspMsg', before: '"无效的应用ID或密钥；应用为禁用状态"', after: '"请求失败[500002]"', severity: 'wording' },
    ]);
  });
});

t.test('readProfile', async (t) => {
  const profile = (await faithful('safe')).first.profile;
  const dir = mkdtempSync(join(tmpdir(), 'umc-profile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const refusal = (file: string): string => {
    try {
      readProfile(file);
    } catch (err) {
      t.ok(err instanceof ConfigError, `${file}: a ConfigError`);
      t.match((err as Error).message, file, 'the message names the file');
      return (err as Error).message;
    }
    t.fail(`${file} was read`);
    return '';
  };

  t.same(readProfile(write('saved.json', profileText(profile))), profile, 'what profileText wrote reads back the same');

  const older = refusal(write('v0.json', profileText({ ...profile, version: 0 as typeof PROFILE_VERSION })));
  const newer = refusal(write('v2.json', profileText({ ...profile, version: 2 as typeof PROFILE_VERSION })));
  t.match(older, /第0版档案，本版本umc-kit只读取第1版：请用当前版本的umc-contract重新 --save-profile/);
  t.match(newer, /第2版档案（更新的umc-kit写的）/);
  t.not(older.replace('v0', ''), newer.replace('v2', ''), 'older and newer are told apart');

  t.match(refusal(write('not.json', '{"format": "umc-contract-profile",')), /不是JSON/);
  t.match(refusal(write('report.json', JSON.stringify({ target: 'http://x', results: [] }))), /不是umc-contract档案/);
  t.match(refusal(join(dir, 'missing.json')), /读不了档案 .*：文件不存在/);

  const broken = structuredClone(profile);
  (broken.cases['token/getThirdAPIToken/issues-token']!.steps.getThirdAPIToken![0] as unknown as { status: string }).status = '200';
  t.match(refusal(write('broken.json', profileText(broken))), /cases\["token\/getThirdAPIToken\/issues-token"\]\.steps\.getThirdAPIToken\[0\]\.status：must be integer/, 'a hand-edited field is named by its path');
});

// ---------------------------------------------------------------------------
// The rules, on profiles written by hand
// ---------------------------------------------------------------------------

const CASE = 'positive/getProgress/known';

function answer(overrides: Partial<AnswerShape> = {}): AnswerShape {
  return {
    status: 200,
    contentType: 'application/json;charset=utf-8',
    body: 'json',
    rspCode: { type: 'string', value: '000000' },
    rspMsg: '操作完成',
    fields: { $: 'object', resultData: 'object', 'resultData.msgId': 'string', 'resultData.total': 'number', rspCode: 'string', rspMsg: 'string' },
    ids: { 'resultData.msgId': 'hex32' },
    ...overrides,
  };
}

function profileWith(steps: Record<string, Observation[]>, cases: Record<string, Record<string, Observation[]>> = {}): Profile {
  const all = { [CASE]: steps, ...cases };
  return {
    format: 'umc-contract-profile',
    version: 1,
    tool: 'test',
    savedAt: '2026-01-01T00:00:00.000Z',
    mode: 'safe',
    isMock: false,
    seed: 7,
    cases: Object.fromEntries(Object.entries(all).map(([id, s]) => [id, { status: 'passed', operation: id.split('/')[1]!, notes: [], steps: s }])),
    tokenMethods: { POST: true },
  };
}

const changesOf = (before: Record<string, Observation[]>, after: Record<string, Observation[]>) => compareProfiles(profileWith(before), profileWith(after)).changes[CASE] ?? [];

t.test('compareProfiles', async (t) => {
  t.test('identical profiles: no change', async (t) => {
    const steps = { send: [answer()], progress: [answer(), answer({ rspMsg: '处理中' })] };
    t.same(compareProfiles(profileWith(steps), profileWith(structuredClone(steps))), { compared: 1, changes: {}, notInBaseline: [] });
  });

  t.test('each aspect, with its severity', async (t) => {
    const one = (after: Observation, before: Observation = answer()) => changesOf({ s: [before] }, { s: [after] });
    const visible = (aspect: Change['aspect'], what: string, before: string, after: string): Change => ({ step: 's', aspect, what, before, after, severity: 'client-visible' });
    t.same(changesOf({ s: [answer(), { transport: 'timeout' }] }, { s: [answer(), { transport: 'connection reset' }] }), [visible('transport', 'transport', 'timeout', 'connection reset')]);
    t.same(one(answer({ status: 400 })), [visible('http-status', 'HTTP status', '200', '400')]);
    t.same(one(answer({ status: 302, location: '/sso/login' }), answer({ status: 302, location: '/cas/login?service=<target>' })), [visible('location', 'Location', '/cas/login?service=<target>', '/sso/login')]);
    t.same(one(answer({ contentType: 'text/html;charset=utf-8' })), [visible('content-type', 'Content-Type', 'application/json;charset=utf-8', 'text/html;charset=utf-8')]);
    t.same(one(answer({ contentType: 'application/json;foo=bar;charset=utf-8' })), [], 'parameters other than charset are not a change');
    t.same(one(answer({ rspCode: { type: 'number', value: '500003' } }), answer({ rspCode: { type: 'string', value: '500003' } })), [visible('rsp-code', 'rspCode', 'string "500003"', 'number 500003')]);
    t.same(one(answer({ fields: { ...answer().fields, 'resultData.total': 'string' } })), [visible('field', 'resultData.total', 'number', 'string')]);
    const { 'resultData.msgId': _gone, ...withoutMsgId } = answer().fields!;
    t.same(one(answer({ fields: withoutMsgId, ids: {} })), [visible('field', 'resultData.msgId', 'present (string)', 'absent')]);
    t.same(one(answer({ fields: { ...answer().fields, 'resultData.extra': 'boolean' } })), [visible('field', 'resultData.extra', 'absent', 'present (boolean)')]);
    t.same(one(answer({ body: 'html', contentType: 'text/html', rspCode: undefined, rspMsg: undefined, fields: undefined, ids: undefined })), [
      visible('content-type', 'Content-Type', 'application/json;charset=utf-8', 'text/html'),
      visible('rsp-code', 'rspCode', 'string "000000"', 'none'),
      visible('field', 'body kind', 'json', 'html'),
    ], 'an HTML page instead of JSON: its fields are not listed one by one');
    t.same(one(answer({ ids: { 'resultData.msgId': 'uuid' } })), [visible('id-shape', 'resultData.msgId', 'hex32', 'uuid')], 'ids of another shape are a change');
    t.same(one(answer({ rspMsg: '成功' })), [{ step: 's', aspect: 'rsp-msg', what: 'rspMsg', before: '"操作完成"', after: '"成功"', severity: 'wording' }]);
  });

  t.test('an empty list beside a filled one is no change', async (t) => {
    const list = (items: boolean): AnswerShape =>
      answer({
        fields: { $: 'object', resultData: 'array', ...(items ? { 'resultData[]': 'object', 'resultData[].msgId': 'string', 'resultData[].time': 'string' } : {}), rspCode: 'string', rspMsg: 'string' },
        ids: items ? { 'resultData[].msgId': 'hex32' } : undefined,
      });
    t.same(changesOf({ replies: [list(true)] }, { replies: [list(false)] }), []);
    t.same(changesOf({ replies: [list(false)] }, { replies: [list(true)] }), []);
    t.same(changesOf({ replies: [list(false), list(true)] }, { replies: [list(true)] }), [], 'polls that once saw an empty list');
    const lostTime = answer({ fields: { $: 'object', resultData: 'array', 'resultData[]': 'object', 'resultData[].msgId': 'string', rspCode: 'string', rspMsg: 'string' } });
    t.same(changesOf({ replies: [list(true)] }, { replies: [lostTime] }).map((c) => `${c.what}: ${c.before} → ${c.after}`), ['resultData[].time: present (string) → absent'], 'items that lost a field are a change');
  });

  t.test('a container typed otherwise is one change, not one per field below it', async (t) => {
    t.same(
      changesOf({ s: [answer()] }, { s: [answer({ fields: { $: 'object', resultData: 'null', rspCode: 'string', rspMsg: 'string' }, ids: undefined })] }).map((c) => `${c.what}: ${c.before} → ${c.after}`),
      ['resultData: object → null'],
    );
  });

  t.test('a step on one side only; order of steps and aspects', async (t) => {
    const changes = changesOf({ send: [answer()], progress: [answer()] }, { send: [answer({ status: 500, rspMsg: '错误' })], confirm: [answer()], progress: [answer()] });
    t.same(
      changes.map((c) => `${c.step} ${c.aspect} ${c.before} → ${c.after} (${c.severity})`),
      ['send http-status 200 → 500 (client-visible)', 'send rsp-msg "操作完成" → "错误" (wording)', 'confirm step absent → present (client-visible)'],
    );
    t.same(changesOf({ send: [answer()], poll: [answer()] }, { send: [answer()] }).map((c) => `${c.step}: ${c.before} → ${c.after}`), ['poll: present → absent']);
  });

  t.test('cases the baseline lacks are listed, not compared', async (t) => {
    const comparison = compareProfiles(profileWith({ s: [answer()] }), profileWith({ s: [answer()] }, { 'negative/getProgress/new': { s: [answer()] } }));
    t.same(comparison, { compared: 1, changes: {}, notInBaseline: ['negative/getProgress/new'] });
  });
});

t.test('makeScrubber', async (t) => {
  const secrets = new Secrets('p@ss word/1', 'admin-secret');
  secrets.absorb({ resultData: { token: 'tok-abc' } }, true);
  const scrub = makeScrubber({ secrets, runTag: 'mxa0rwz6joh', target: 'http://127.0.0.1:4567/umc/', values: ['qa001', '13800000001', 'c3cbcaaa-88f4-466c-b7ce-dd7e07f20b75', 'ab'], appId: 'MSG123456' });
  const cases: [string, string][] = [
    ['appPassword p@ss word/1 and p%40ss%20word%2F1, token tok-abc, admin-secret', 'appPassword *** and ***, token ***, ***'],
    ['umc-contract mxa0rwz6joh 通知', 'umc-contract <run> 通知'],
    ['用户qa001（13800000001）未关注 c3cbcaaa-88f4-466c-b7ce-dd7e07f20b75', '用户<receiver>（<receiver>）未关注 <receiver>'],
    ['ab is too short to replace', 'ab is too short to replace'],
    ['http://127.0.0.1:4567/umc/message/x and http://127.0.0.1:4567/cas', '<target>/message/x and <target>/cas'],
    ['/cas/login?service=http%3A%2F%2F127.0.0.1%3A4567%2Fumc%2Fmsg', '/cas/login?service=<target>/msg'],
    [`/cas/login?service=${encodeURIComponent(`http://127.0.0.1:4567/umc/msg/getThirdAPIToken?${new URLSearchParams({ appId: 'MSG123456', appPassword: 'p@ss word/1' })}`)}`, '/cas/login?service=<target>/msg/getThirdAPIToken?appId=<app>&appPassword=***'],
    ['完成率50%', '完成率50%'],
    ['Host 127.0.0.1:4567 refused', 'Host <target> refused'],
    ['msg 0f8fad5b-d9cb-469f-a165-70867728950e / 9f3c2a7be41d4c0a8e5b6d7f0a1b2c3d', 'msg <uuid> / <hex>'],
    ['at 2026-01-05 09:30:12, due 2026-01-05 10:00', 'at <time>, due <time>'],
    ['order 20230001 of 123456', 'order <n> of 123456'],
    [`filler ${'q'.repeat(30)} and ${'q'.repeat(29)}`, `filler <text> and ${'q'.repeat(29)}`],
  ];
  for (const [text, expected] of cases) t.equal(scrub(text), expected, text);
});

t.test('buildProfile', async (t) => {
  // A hand-made report: labels, prerequisites, a transport error and a 302, as the runner records them.
  const secrets = new Secrets('secret-password');
  const scrub = makeScrubber({ secrets, runTag: 'tag123', target: 'http://127.0.0.1:9', values: [] });
  const request = { method: 'POST' as const, url: 'http://127.0.0.1:9/message/getProgress', query: [] };
  const json = (body: unknown) => ({ status: 200, contentType: 'application/json; charset=UTF-8', text: JSON.stringify(body), json: body });
  const report = {
    mode: 'full',
    isMock: false,
    seed: 7,
    results: [
      {
        id: 'flow/getProgress/x',
        field: undefined,
        status: 'noted',
        checks: [
          { name: 'rsp_msg_names_field', ok: false, verdict: 'note', severity: 'wording', basis: { doc: { section: '', phrase: '' } } },
          { name: 'rsp_msg_names_field', ok: false, verdict: 'note', severity: 'wording', basis: { doc: { section: '', phrase: '' } } },
          { name: 'flow_step', ok: true, basis: { doc: { section: '', phrase: '' } } },
        ],
        exchanges: [
          { operationId: 'getPublicList', label: 'account', request, ms: 1, prerequisite: true, ...json({ rspCode: '000000' }) },
          { operationId: 'getProgress', label: 'progress #1', request, ms: 1, ...json({ rspCode: '000000', rspMsg: '处理中 2026-01-01 10:00:00', resultData: { msgId: 'a'.repeat(32), list: [1, 'x', { token: 'tok' }], n: null } }) },
          { operationId: 'getProgress', label: 'progress #2', request, ms: 1, ...json({ rspCode: '000000', rspMsg: '处理中 2026-01-01 10:00:03', resultData: { msgId: 'b'.repeat(32), list: [1, 'x', { token: 'kot' }], n: null } }) },
          { operationId: 'getProgress', label: 'progress #3', request, ms: 1, error: 'connection reset' },
          { operationId: 'getProgress', label: 'send (qa001)', request, ms: 1, status: 302, contentType: null, text: '', location: 'http://127.0.0.1:9/cas/login?pw=secret-password' },
        ],
      },
    ],
  } as unknown as RunReport;
  const profile = buildProfile(report, scrub, 'umc-contract test');
  t.same(profile.cases['flow/getProgress/x'], {
    status: 'noted',
    operation: 'getProgress',
    notes: [{ check: 'rsp_msg_names_field', severity: 'wording' }],
    steps: {
      progress: [
        {
          operation: 'getProgress',
          status: 200,
          contentType: 'application/json;charset=utf-8',
          body: 'json',
          rspCode: { type: 'string', value: '000000' },
          rspMsg: '处理中 <time>',
          fields: { $: 'object', resultData: 'object', 'resultData.list': 'array', 'resultData.list[]': 'number|object|string', 'resultData.list[].token': 'string', 'resultData.msgId': 'string', 'resultData.n': 'null', rspCode: 'string', rspMsg: 'string' },
          ids: { 'resultData.list[].token': 'alnum3', 'resultData.msgId': 'hex32' },
        },
        { transport: 'connection reset' },
      ],
      send: [{ operation: 'getProgress', status: 302, contentType: null, location: '<target>/cas/login?pw=***', body: 'empty' }],
    },
  }, 'polls merged into one step, the prerequisite left out, values reduced to their shapes');
  t.same(profile.tokenMethods, {}, 'no token case ran');
  t.equal(profile.version, PROFILE_VERSION);
});

// The release check, as a QA engineer relies on it: against the project's independent platform and
// realistic regressions of it, each documented regression fails without a baseline; each choice
// within the document (text/html, HTTP 400, another rejection code) is a client-visible note
// without one and a fail against a baseline saved from the faithful platform; the faithful
// platform fails nothing and, against its own baseline, has changed nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Profile } from '../src/contract/profile.js';
import type { Mode, RunReport } from '../src/contract/types.js';
import { byId, failedChecks, failures, runSuite } from './helpers/contract.js';
import { startIndependentPlatform, type IndependentOptions } from './helpers/independent-platform.js';
import { runAgainstIndependent } from './helpers/independent-run.js';
import type { ContractOptions } from '../src/contract/options.js';

// Each test runs its own platform and mostly waits on it: side by side.
t.jobs = 4;

/** A baseline saved from the faithful platform, once per mode for the whole file. */
const saved = new Map<Mode, Promise<Profile>>();
function faithfulBaseline(mode: Mode): Promise<Profile> {
  let p = saved.get(mode);
  if (!p) saved.set(mode, (p = runAgainstIndependent(t, {}, { mode }).then((r) => r.profile)));
  return p;
}

async function run(platform: IndependentOptions, options: Partial<ContractOptions>, baselineOf?: Mode, strict = false) {
  const baseline = baselineOf ? { profile: await faithfulBaseline(baselineOf), file: `faithful-${baselineOf}.json`, strict } : undefined;
  return runAgainstIndependent(t, platform, options, baseline);
}

const changed = (report: RunReport, id: string) => byId(report, id)?.checks.filter((c) => c.name === 'unchanged_since_baseline' && c.verdict === 'fail') ?? [];

for (const mode of ['safe', 'full'] as const) {
  t.test(`${mode} mode: the faithful platform fails nothing, and against its own baseline nothing changed`, async (t) => {
    const { report } = await run({}, { mode }, mode);
    t.same(failures(report), {}, 'no fail');
    t.equal(report.counts.error, 0, 'no error');
    t.match(report.baseline, { compared: report.results.length, changed: 0, reworded: 0, notInBaseline: [] }, 'a second run against the same deployment: 0 changes');
    t.ok(report.notesBySeverity['client-visible'] > 0 && report.notesBySeverity.wording > 0, 'its notes carry a severity');
  });
}

t.test('documented regressions fail without a baseline', async (t) => {
  const cases: { regression: IndependentOptions['regression']; mode: Mode; id: string; check: string; got?: RegExp }[] = [
    // Addressed to the test receivers, the over-long title reaches its rule (no 500007 for a placeholder first).
    { regression: 'title-unchecked', mode: 'full', id: 'negative/sendMessageApi/msgtitle-too-long', check: 'negative_data_rejection', got: /accepted/ },
    { regression: 'schedule-not-checked', mode: 'full', id: 'negative/sendMessageApi/sendTime-less-than-10-minutes-ahead', check: 'negative_data_rejection', got: /accepted/ },
    // 500003 is what clients refresh their token on: 500001 for a token it did not issue is a fail.
    { regression: 'token-invalid-500001', mode: 'safe', id: 'auth/getPublicList/unknown-token', check: 'field_error_code', got: /rspCode 500001/ },
    { regression: 'token-invalid-500001', mode: 'safe', id: 'auth/sendMessageApi/garbage-token', check: 'field_error_code', got: /rspCode 500001/ },
  ];
  for (const c of cases) {
    await t.test(`${c.regression}: ${c.id}`, async (t) => {
      const { report } = await run({ regression: c.regression }, { mode: c.mode });
      t.ok(failedChecks(byId(report, c.id)).includes(c.check), `${c.id} fails ${c.check}: ${JSON.stringify(failedChecks(byId(report, c.id)))}`);
      if (c.got) t.match(byId(report, c.id)?.checks.find((k) => k.name === c.check && k.verdict === 'fail')?.got, c.got);
    });
  }
});

t.test('the faithful platform refuses the same requests, addressed to the test receivers', async (t) => {
  const { report, p } = await run({}, { mode: 'full', only: ['negative/sendMessageApi/msgtitle-too-long', 'negative/sendMessageApi/sendTime-less-than-10-minutes-ahead'] });
  for (const r of report.results) {
    t.notOk(['failed', 'inconclusive'].includes(r.status), `${r.id}: ${r.status} ${r.reason ?? ''}`);
    t.equal(r.placeholder, undefined, 'no placeholder: the test receivers were given');
  }
  const sends = p.requests.filter((q) => q.path === '/message/sendMessageApi');
  t.ok(sends.length > 0 && sends.every((q) => /qa001/.test(decodeURIComponent(q.body))), 'addressed to the first test user of the --receivers file');
  t.ok(sends.every((q) => /umc-contract \w+/.test(decodeURIComponent(q.body.replace(/\+/g, ' ')))), 'titled with the run tag');
});

t.test('numeric state in 5.2.4: the flows stop at the first answer and say its type', async (t) => {
  const { report } = await run({ regression: 'numeric-state' }, { mode: 'full', flowTimeoutSeconds: 120 });
  for (const id of ['flow/sendMessageApi/send-then-progress', 'flow/sendMessageBySMSApi/send-then-progress', 'flow/checkMessageStatusApi/todo-confirm-counts', 'flow/replyMessage/reply-enabled-send']) {
    const c = byId(report, id)!;
    t.ok(failedChecks(c).includes('success_schema'), `${id} fails success_schema`);
    t.match(c.checks.find((k) => k.name === 'success_schema' && !k.ok)?.got, /\/resultData\/state: number \d, expected string/);
    t.equal(c.exchanges.filter((e) => e.label.startsWith('progress')).length, 1, `${id}: one progress answer, no polling to the 120 s budget`);
  }
  t.ok(report.ms < 60_000, `the run ends in ${report.ms} ms, not at the flows' budget`);
  t.match(report.causes, [{ check: 'success_schema', cause: 'getProgress /resultData/state a number, expected string', cases: { length: 4 } }], 'one cause, stated once');
});

t.test('a 60 s token lifetime: the run token refused after 60 s with no newer token is a fail citing 5.1.1', async (t) => {
  const { report } = await run({ regression: 'short-token-lifetime' }, { mode: 'safe', only: ['token/getThirdAPIToken/lifetime', 'positive'], tokenAgeSeconds: 61 });
  const lifetime = byId(report, 'token/getThirdAPIToken/lifetime')!;
  const check = lifetime.checks.find((k) => k.name === 'token_lifetime' && k.verdict === 'fail');
  t.match(check, { basis: { doc: { section: '5.1.1', phrase: /7200秒/ } }, got: /refused with 500003 6\d s after it was issued \(no newer token/ });
  t.same(Object.keys(failures(report)), ['token/getThirdAPIToken/lifetime'], 'said once, where it was seen');
  t.ok(lifetime.exchanges.some((e) => /token renewed/.test(e.label)), 'the run renewed its token and went on, as a client would');
});

t.test('the same lifetime on the faithful platform passes', async (t) => {
  const { report } = await run({}, { mode: 'safe', only: ['token/getThirdAPIToken/lifetime'], tokenAgeSeconds: 2 });
  t.equal(byId(report, 'token/getThirdAPIToken/lifetime')?.status, 'passed');
  t.ok(byId(report, 'token/getThirdAPIToken/lifetime')?.checks.some((k) => k.name === 'token_lifetime' && k.ok));
});

t.test('an echoed appPassword is a security finding', async (t) => {
  const { report } = await run({ regression: 'echo-password' }, { mode: 'safe', only: ['token'] });
  t.match(report.security, [{ secret: 'appPassword', operation: 'getThirdAPIToken', where: 'resultData.app.appPassword' }]);
  t.equal(report.security.length, 1, 'once, however many answers carried it');
});

t.test('an nginx 502 page on one operation is an error of the cases that met it, not a contract fail', async (t) => {
  const { report } = await run({ regression: 'gateway-502' }, { mode: 'safe' });
  t.same(failures(report), {}, 'no case fails: the platform never answered them');
  const errored = report.results.filter((r) => r.status === 'error').map((r) => r.id);
  t.ok(errored.length >= 4 && errored.every((id) => id.includes('getUserMessageCount')), `errors only on 5.2.5: ${errored.join(', ')}`);
  t.match(report.causes, [{ check: 'gateway_answer', verdict: 'error', cause: 'HTTP 502 gateway page on getUserMessageCount' }]);
});

t.test('--retries sends a gateway page or a reset connection again, and only those', async (t) => {
  // One case at a time: the request after a failed one is its retry, so the outcome does not depend on timing.
  const flaky = await run({ flakyEvery: 5 }, { mode: 'safe', concurrency: 1 });
  t.ok(flaky.report.counts.error > 0, `${flaky.report.counts.error} cases met a 502 page or a reset`);
  const retried = await run({ flakyEvery: 5 }, { mode: 'safe', retries: 2, concurrency: 1 });
  t.equal(retried.report.counts.error, 0, 'with --retries 2: none');
  t.same(failures(retried.report), {});
  t.ok(retried.report.results.some((r) => r.exchanges.some((e) => (e.attempts ?? 1) > 1)), 'some requests took more than one attempt');
});

for (const { regression, check, aspect } of [
  { regression: 'text-html', check: 'json_content_type', aspect: /Content-Type changed since the baseline: application\/json;charset=utf-8 → text\/html;charset=utf-8/ },
  { regression: 'http-400-errors', check: 'http_status_200', aspect: /HTTP status changed since the baseline: 200 → 400/ },
  { regression: 'other-rejection-code', check: 'field_error_code', aspect: /rspCode changed since the baseline: string "500001" → string "500012"/ },
] as const) {
  t.test(`${regression}: client-visible notes without a baseline; against the faithful baseline, fails "changed since baseline"`, async (t) => {
    const alone = await run({ regression }, { mode: 'safe' });
    t.same(failures(alone.report), {}, 'within the document: no fail');
    const notes = alone.report.results.flatMap((r) => r.checks).filter((c) => c.name === check && c.verdict === 'note');
    t.ok(notes.length > 5 && notes.every((c) => c.severity === 'client-visible'), `${notes.length} ${check} notes, each client-visible`);
    const failOn = await run({ regression }, { mode: 'safe', failOn: 'client-visible' });
    t.ok(failOn.report.counts.failed > 5, `--fail-on client-visible: ${failOn.report.counts.failed} cases fail`);

    const against = await run({ regression }, { mode: 'safe' }, 'safe');
    const failed = Object.entries(failures(against.report));
    t.ok(failed.length > 5, `${failed.length} cases changed since the baseline`);
    t.ok(failed.every(([, checks]) => checks.every((c) => c === 'unchanged_since_baseline')), 'each fails as a change, nothing else');
    t.ok(against.report.baseline!.changed > 5);
    const [id] = failed[0]!;
    t.match(changed(against.report, id)[0], { basis: { baseline: { file: 'faithful-safe.json' } }, severity: 'client-visible', cause: aspect, expected: /as in the baseline: /, got: /./ }, 'before and after side by side');
    t.ok(against.report.causes.some((c) => c.check === 'unchanged_since_baseline' && aspect.test(c.cause)), 'one cause, stated once');
  });
}

t.test('a reworded rspMsg is listed, not failed, unless --baseline-strict', async (t) => {
  const lenient = await run({ reword: true }, { mode: 'safe' }, 'safe');
  t.same(failures(lenient.report), {});
  t.match(lenient.report.baseline, { changed: 0 });
  t.ok(lenient.report.baseline!.reworded > 5, `${lenient.report.baseline!.reworded} cases reworded`);
  const strict = await run({ reword: true }, { mode: 'safe' }, 'safe', true);
  t.ok(strict.report.counts.failed > 5, `--baseline-strict: ${strict.report.counts.failed} cases fail`);
});

t.test('where no test receiver was given, a placeholder stands in and the case says so', async (t) => {
  const p = await startIndependentPlatform(t);
  const noMobiles = join(mkdtempSync(join(tmpdir(), 'umc-receivers-')), 'receivers.json');
  const file = JSON.parse(readFileSync(p.receiversFile, 'utf8'));
  writeFileSync(noMobiles, JSON.stringify({ ...file, mobiles: [] }));
  const { report } = await runSuite(p.url, { appId: p.appId, appPassword: p.appPassword, receiversFile: noMobiles, mode: 'full', only: ['negative/sendMessageBySMSApi', 'negative/sendMessageApi/msgtitle-too-long'] });
  const sms = byId(report, 'negative/sendMessageBySMSApi/msgContent-sms-signature-brackets')!;
  t.match(sms.placeholder, /^addressed to the placeholder 00000000000: no test mobile given, the --receivers file names none \(mobiles\)$/);
  t.equal(byId(report, 'negative/sendMessageApi/msgtitle-too-long')?.placeholder, undefined, 'a user was given: no placeholder for 5.3.1');
});

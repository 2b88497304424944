// umc-contract against the plain mock passes in both modes, also with --strict: the mock holds
// every assumption the suite measures notes against, and nothing is inconclusive.
import t from 'tap';
import { loadSpec } from '../../src/spec/load.js';
import { byId, failures, runSuite } from '../helpers/contract.js';
import { startTestMock } from '../helpers/mock.js';

const spec = loadSpec();

for (const mode of ['safe', 'full'] as const) {
  t.test(`${mode} mode against the plain mock passes, with --strict`, async (t) => {
    const mock = await startTestMock(t);
    const { report } = await runSuite(mock.url, { mode, strict: true });
    t.ok(report.isMock, 'the mock is recognised by GET /__umc/health');
    t.same(failures(report), {}, 'no case fails, notes included');
    t.same(report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} ${r.reason ?? ''}`), [], 'every case passes outright');
    t.ok(report.counts.passed > (mode === 'full' ? 120 : 55), `${report.counts.passed} cases passed`);
    t.equal(report.results.some((r) => r.group === 'flow'), mode === 'full', 'flows run only in full mode');
  });
}

t.test('the safe suite covers every operation: token, no/garbage/unknown token, read-only rejections', async (t) => {
  const mock = await startTestMock(t);
  const { report } = await runSuite(mock.url);
  const ids = new Set(report.results.map((r) => r.id));
  for (const id of ['token/getThirdAPIToken/issues-token', 'token/getThirdAPITokenByGet/issues-token', 'token/getThirdAPIToken/wrong-password', 'token/getThirdAPIToken/unknown-app', 'token/getThirdAPIToken/token-accepted']) {
    t.equal(byId(report, id)?.status, 'passed', `${id} passes`);
  }
  for (const op of spec.operations.filter((o) => o.needsToken)) {
    for (const slug of ['no-token', 'garbage-token', 'unknown-token']) t.equal(byId(report, `auth/${op.operationId}/${slug}`)?.status, 'passed', `${op.operationId}: ${slug}`);
    const negatives = report.results.filter((r) => r.id.startsWith(`negative/${op.operationId}/`));
    if (op.changesState) t.same(negatives.map((r) => r.id), [], `${op.operationId} changes state: its rejections wait for full mode`);
    else for (const p of op.params.filter((x) => x.required && x.name !== 'token')) t.ok(ids.has(`negative/${op.operationId}/${p.name}-missing`), `${op.operationId}: ${p.name} missing`);
  }
  for (const r of report.results.filter((x) => x.group === 'negative')) {
    t.ok(r.field && r.id.includes(`/${r.field}-`) && r.title.includes(r.field), `${r.id} names its field`);
  }
  const exchanges = report.results.flatMap((r) => r.exchanges);
  t.ok(exchanges.length > 50 && exchanges.every((ex) => typeof ex.ms === 'number' && ex.ms >= 0), 'every response time is recorded');
});

t.test('full mode adds the rejections of state-changing operations and the documented rules', async (t) => {
  const mock = await startTestMock(t);
  const { report } = await runSuite(mock.url, { mode: 'full', only: ['negative'] });
  for (const id of [
    'negative/sendMessageApi/receivers-malformed-json',
    'negative/sendMessageBySMSApi/receivers-malformed-json',
    'negative/sendMessageApi/waitLink-required-when-sendMsgType-4',
    'negative/sendMessageApi/sendTime-less-than-10-minutes-ahead',
    'negative/sendMessageApi/msgContent-sms-signature-brackets',
    'negative/cardMessage/url-pattern-mismatch',
    'negative/sendTemplateApi/body-malformed-json',
    'negative/cardMessage/body-malformed-json',
    'negative/replyMessage/count-below-minimum',
  ]) {
    t.equal(byId(report, id)?.status, 'passed', id);
  }
});

t.test('--only and --skip select by operationId, tag and group', async (t) => {
  const mock = await startTestMock(t);
  const only = (await runSuite(mock.url, { only: ['cardMessage'] })).report;
  t.ok(only.results.length > 0);
  t.ok(only.results.every((r) => r.operationIds.includes('cardMessage')));
  const tag = (await runSuite(mock.url, { only: ['token'] })).report;
  t.ok(tag.results.every((r) => r.operationIds.some((id) => id.startsWith('getThirdAPIToken'))), 'tag "token"');
  const skipped = (await runSuite(mock.url, { skip: ['negative', 'send'] })).report;
  t.ok(skipped.results.every((r) => r.group !== 'negative' && !r.operationIds.includes('sendMessageApi')));
  const noCheck = (await runSuite(mock.url, { only: ['getThirdAPIToken'], skip: ['rsp_code_documented'] })).report;
  t.notOk(noCheck.results.some((r) => r.checks.some((c) => c.name === 'rsp_code_documented')), 'a check name in --skip turns it off');
  await t.rejects(runSuite(mock.url, { only: ['noSuchThing'] }), /不认识：noSuchThing/);
});

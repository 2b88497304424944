// umc-contract against the plain mock passes in both modes; the only skips are operations the
// mock answers "尚未实现" (not implemented yet), and every generated case names its field.
import t from 'tap';
import { NOT_IMPLEMENTED_REASON } from '../src/contract/runner.js';
import { loadSpec } from '../src/spec/load.js';
import { byId, failedChecks, runSuite } from './helpers/contract.js';
import { startTestMock } from './helpers/mock.js';

const spec = loadSpec();

for (const mode of ['safe', 'full'] as const) {
  t.test(`${mode} mode against the plain mock passes`, async (t) => {
    const mock = await startTestMock(t);
    const { report } = await runSuite(mock.url, { mode });
    t.ok(report.isMock, 'the mock is recognised by GET /__umc/health');
    const failed = report.results.filter((r) => r.status === 'failed');
    t.same(
      failed.map((r) => `${r.id}: ${failedChecks(r).join(', ')}`),
      [],
      'no case fails',
    );
    for (const r of report.results.filter((x) => x.status === 'skipped')) {
      t.ok(r.skipReason?.startsWith(NOT_IMPLEMENTED_REASON), `${r.id} is skipped only because the mock does not implement it yet: ${r.skipReason}`);
    }
    t.equal(report.counts.failed, 0);
    t.ok(report.counts.passed > 100, `${report.counts.passed} cases passed`);
    t.equal(report.results.some((r) => r.group === 'flow'), mode === 'full', 'flows run only in full mode');
  });
}

t.test('the safe suite covers every operation: token flow, no/garbage token, generated rejections', async (t) => {
  const mock = await startTestMock(t);
  const { report } = await runSuite(mock.url);
  const ids = new Set(report.results.map((r) => r.id));
  for (const id of ['token/getThirdAPITokenByGet/issues-token', 'token/getThirdAPIToken/issues-token', 'token/getThirdAPIToken/wrong-password', 'token/getThirdAPITokenByGet/unknown-app']) {
    t.ok(ids.has(id), id);
    t.equal(byId(report, id)?.status, 'passed', `${id} passes`);
  }
  for (const op of spec.operations.filter((o) => o.needsToken)) {
    t.equal(byId(report, `auth/${op.operationId}/no-token`)?.status, 'passed', `${op.operationId}: no token → 500003`);
    t.equal(byId(report, `auth/${op.operationId}/garbage-token`)?.status, 'passed', `${op.operationId}: garbage token → 500003`);
    for (const p of op.params.filter((x) => x.required && x.name !== 'token')) {
      t.ok(ids.has(`negative/${op.operationId}/${p.name}-missing`), `${op.operationId}: ${p.name} missing`);
    }
    for (const p of op.params.filter((x) => typeof x.schema.maxLength === 'number' && x.name !== 'token')) {
      t.ok(ids.has(`negative/${op.operationId}/${p.name}-too-long`), `${op.operationId}: ${p.name} over its limit`);
    }
    for (const p of op.params.filter((x) => Array.isArray(x.schema.enum))) {
      t.ok(ids.has(`negative/${op.operationId}/${p.name}-illegal-enum`), `${op.operationId}: ${p.name} illegal value`);
    }
  }
  t.equal(byId(report, 'negative/sendMessageApi/receivers-malformed-json')?.status, 'passed', 'malformed receivers JSON is rejected');
  t.equal(byId(report, 'negative/sendMessageBySMSApi/receivers-malformed-json')?.status, 'passed');
  t.equal(byId(report, 'negative/sendMessageApi/waitLink-required-when-sendMsgType-4')?.status, 'passed', 'cross-field rules from allOf');
  for (const r of report.results.filter((x) => x.group === 'negative')) {
    t.ok(r.field && r.id.includes(`/${r.field}-`) && r.title.includes(r.field), `${r.id} names its field`);
  }
  const exchanges = report.results.flatMap((r) => r.exchanges);
  t.ok(exchanges.length > 100 && exchanges.every((ex) => typeof ex.ms === 'number' && ex.ms >= 0), 'every response time is recorded');
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
  const noCheck = (await runSuite(mock.url, { only: ['getThirdAPITokenByGet'], skip: ['rsp_code_documented'] })).report;
  t.notOk(noCheck.results.some((r) => r.checks.some((c) => c.name === 'rsp_code_documented')), 'a check name in --skip turns it off');
  await t.rejects(runSuite(mock.url, { only: ['noSuchThing'] }), /不认识：noSuchThing/);
});

// umc-contract against an implementation of the platform that is not ours (written from the
// vendor document alone, test/helpers/independent-platform.ts): it words its messages its own
// way, issues 32-hex ids, orders its checks differently, refuses GET for 5.1.1, answers 5.2.5
// with rspMsg "" as the document's example does. None of that may fail it; it is noted.
import t from 'tap';
import { byId, failures, notedChecks } from './helpers/contract.js';
import { runAgainstIndependent } from './helpers/independent-run.js';

// Each test runs against a platform of its own, mostly waiting on its real-time clock: side by side.
t.jobs = 2;

for (const mode of ['safe', 'full'] as const) {
  t.test(`${mode} mode: no fails against the independent implementation; its legal choices are notes`, async (t) => {
    const { report } = await runAgainstIndependent(t, {}, { mode });
    t.notOk(report.isMock);
    t.same(failures(report), {}, 'no case fails');
    t.ok(report.counts.noted > 10, `${report.counts.noted} cases carry notes`);
    t.ok(report.counts.passed > 10, `${report.counts.passed} cases pass outright`);
    t.equal(byId(report, 'token/getThirdAPIToken/issues-token')?.status === 'failed', false, 'a POST-only token passes');
    t.equal(byId(report, 'token/getThirdAPITokenByGet/issues-token')?.status, 'noted', 'GET refused (HTTP 405, HTML) is a note');
    t.ok(notedChecks(byId(report, 'auth/getProgress/no-token')).includes('field_error_code'), 'a missing token answered 500001 is a note, not a fail');
    t.ok(notedChecks(byId(report, 'negative/getProgress/msgId-missing')).includes('rsp_msg_names_field'), '消息标识不能为空 is a note');
    t.equal(byId(report, 'positive/getUserMessageCount/all-types')?.status, 'passed', '5.2.5 with rspMsg "" passes');
    if (mode === 'full') {
      t.equal(byId(report, 'negative/sendMessageApi/sendTime-pattern-mismatch')?.status, 'noted', 'sendTime ignored when sendStatus=1 is a note');
      t.equal(byId(report, 'negative/sendTemplateApi/pcUrl-too-long')?.status === 'failed', false, "5.3.3's deprecated pcUrl is not judged");
      t.equal(byId(report, 'negative/checkMessageStatusApi/state-missing')?.status === 'failed', false, '5.4.1 state is optional in the document');
      for (const id of ['flow/sendMessageApi/send-then-progress', 'flow/replyMessage/reply-enabled-send', 'flow/checkMessageStatusApi/todo-confirm-counts', 'flow/checkMessageStatusApi/template-todo-confirm']) {
        t.ok(['passed', 'noted'].includes(byId(report, id)?.status ?? ''), `${id} runs to its end on a real-time platform`);
      }
    }
    for (const r of report.results.filter((x) => x.status === 'inconclusive')) t.match(r.reason, /before reaching|no .* (replied|token)/, `${r.id}: ${r.reason}`);
  });
}

t.test('rewording every rspMsg does not change the verdict', async (t) => {
  const verdicts = async (reword: boolean) => {
    const { report } = await runAgainstIndependent(t, { reword }, { mode: 'full' });
    return report.results.map((r) => `${r.id} ${r.status === 'failed' || r.status === 'inconclusive' ? r.status : 'ok'}`);
  };
  const plain = await verdicts(false);
  t.same(await verdicts(true), plain, 'the same cases fail and are inconclusive');
});

t.test('with --strict the notes become fails (what umc-mock itself is held to)', async (t) => {
  const { report } = await runAgainstIndependent(t, {}, { only: ['getProgress'], strict: true });
  t.ok(report.counts.failed > 0, `${report.counts.failed} cases fail under --strict`);
  t.equal(report.counts.noted, 0);
});

t.test('the assumption report: confirmed, contradicted with what came back, not observed', async (t) => {
  const { report } = await runAgainstIndependent(t, {}, { mode: 'safe' });
  const byKey = new Map(report.assumptions.map((a) => [a.assumption.id, a]));
  const get = byKey.get('getThirdAPITokenByGet#0');
  t.equal(get?.status, 'contradicted', 'GET for 5.1.1 is contradicted by a POST-only deployment');
  t.match(get?.contradictions[0], { case: 'token/getThirdAPITokenByGet/issues-token', got: /405|not JSON|undefined/ });
  t.equal(byKey.get('rspMsg.names-field')?.status, 'contradicted');
  t.equal(byKey.get('http.status-200')?.status, 'contradicted', 'the 405 of GET');
  t.equal(byKey.get('code.getTemplateList.publicId.600005')?.status, 'confirmed', '600005 for a missing publicId, as we assumed');
  t.ok(report.assumptions.some((a) => a.status === 'not observed'), 'some are not observed in safe mode');
});

t.test("a code outside table 4-1-2's 适用范围 (x-umc-assumed) is our reading: a deployment answering otherwise gets a note, not a fail", async (t) => {
  const id = 'flow/checkMessageStatusApi/template-todo-confirm';
  const { report } = await runAgainstIndependent(t, { sameStateAccepted: true }, { mode: 'full', only: ['checkMessageStatusApi'] });
  const result = byId(report, id);
  t.equal(result?.status, 'noted', '5.4.1 answering 000000 where we expect 600010 (its 适用范围 is 5.2.1, 5.2.2, 5.3.3)');
  t.same(notedChecks(result), ['template_same_state_refused']);
  t.same(failures(report), {}, 'nothing fails');
  const observed = report.assumptions.find((a) => a.assumption.id === 'code-scope.checkMessageStatusApi.600010');
  t.equal(observed?.status, 'contradicted', 'the assumption report says which of our readings it contradicts');
  const faithful = await runAgainstIndependent(t, {}, { mode: 'full', only: ['checkMessageStatusApi'] });
  t.equal(byId(faithful.report, id)?.status, 'passed', 'the platform that answers 600010 passes it');
});

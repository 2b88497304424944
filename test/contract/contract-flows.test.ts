// The full-mode flows, end to end against a naive stand-in platform (so they are exercised
// whatever the real mock implements yet): they pass on a platform that behaves, and each fails
// with the check that names its step (progress_finishes, reply_returned, …), in its own case,
// when the platform does not.
import t from 'tap';
import { byId, failedChecks, notedChecks, runSuite } from '../helpers/contract.js';
import { startStandIn, type StandInFaults } from '../helpers/stand-in-platform.js';

async function flows(t: { teardown(fn: () => unknown): void }, faults: StandInFaults = {}) {
  const standIn = await startStandIn(t, faults);
  return (await runSuite(standIn.url, { mode: 'full', only: ['flow', 'positive'] })).report;
}

t.test('every flow and positive case passes on a platform that behaves', async (t) => {
  const report = await flows(t);
  t.same(
    report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} ${r.reason ?? failedChecks(r).join(',')}`),
    [],
  );
  t.equal(report.receiversSource, 'the mock directory (GET /__umc/users)');
  const progress = byId(report, 'flow/sendMessageApi/send-then-progress')!;
  t.ok(progress.exchanges.filter((e) => e.label.startsWith('progress')).length > 1, 'progress polled while the clock moves');
  // The follower is looked up once for the run, by whichever case needs it first.
  const userOf = (e: { request: { body?: unknown } }) => ((e.request.body as { value?: { userId?: string } }).value?.userId);
  const trials = report.results.flatMap((r) => r.exchanges).filter((e) => e.label.startsWith('find a follower'));
  t.same(trials.map(userOf), ['s002', 's001'], 'the best-reachable person first; 600003 moves on to the next');
  t.ok(trials.every((e) => e.prerequisite), 'the lookup is a prerequisite, not a step of the case');
  const template = byId(report, 'positive/sendTemplateApi/document-example')!;
  t.same(template.exchanges.filter((e) => e.operationId === 'sendTemplateApi' && !e.prerequisite).map(userOf), ['s001'], 'the case sends to the follower');
  const send = byId(report, 'flow/sendMessageApi/send-then-progress')!.exchanges[0]!;
  t.match(send.request.body, { kind: 'form' });
  const fields = Object.fromEntries(send.request.body?.kind === 'form' ? send.request.body.fields : []);
  t.same(JSON.parse(String(fields.receivers)), [{ type: 'User', userId: 's002', name: '处处可达' }], 'sent to the directory person reachable everywhere');
  t.match(String(fields.msgtitle), /^umc-contract \w+ /, 'recognisable as a contract-test message');
});

t.test('a message that never finishes fails the progress flows', async (t) => {
  const report = await flows(t, { neverFinishes: true });
  for (const id of ['flow/sendMessageApi/send-then-progress', 'flow/sendMessageBySMSApi/send-then-progress', 'flow/checkMessageStatusApi/todo-confirm-counts']) {
    const c = byId(report, id);
    t.same(failedChecks(c), ['progress_finishes'], id);
    t.match(c?.checks.find((x) => !x.ok)?.got, /state string "2" after \d+ polls/);
  }
});

t.test('counts that ignore the todo fail the todo flow', async (t) => {
  const report = await flows(t, { countsIgnoreTodos: true });
  const c = byId(report, 'flow/checkMessageStatusApi/todo-confirm-counts');
  t.ok(failedChecks(c).includes('todo_count_after_delivery'));
  t.match(c?.checks.find((x) => !x.ok)?.expected, /todo 1 once the todo is delivered/);
  t.equal(byId(report, 'flow/sendMessageApi/send-then-progress')?.status, 'passed');
});

t.test('a reply that is never returned fails the reply flow', async (t) => {
  const report = await flows(t, { loseReplies: true });
  const c = byId(report, 'flow/replyMessage/reply-enabled-send');
  t.same(failedChecks(c), ['reply_returned']);
  t.match(c?.checks.find((x) => !x.ok)?.got, 'not returned');
});

t.test('re-confirming a template todo in the same state without 600010 is a note: table 4-1-2 gives 600010 to 5.2.1/5.2.2/5.3.3, not 5.4.1', async (t) => {
  const report = await flows(t, { reconfirmSucceeds: true });
  const c = byId(report, 'flow/checkMessageStatusApi/template-todo-confirm');
  t.equal(c?.status, 'noted');
  t.same(failedChecks(c), []);
  t.same(notedChecks(c), ['template_same_state_refused']);
  t.match(c?.checks.find((x) => !x.ok), { expected: /600010/, got: 'rspCode 000000', basis: { assumption: { id: 'code-scope.checkMessageStatusApi.600010' } } });
});

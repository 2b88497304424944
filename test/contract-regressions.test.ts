// Each variant of the independent implementation carries one realistic regression from a
// different rule family; the suite must fail it with the check that names the breach, in the
// case that sees it, in the mode that can see it, and fail nothing else.
import t from 'tap';
import type { Mode } from '../src/contract/types.js';
import { byId, failedChecks, failures } from './helpers/contract.js';
import type { Regression } from './helpers/independent-platform.js';
import { runAgainstIndependent } from './helpers/independent-run.js';

const VARIANTS: { regression: Regression; mode: Mode; case: string; check: string }[] = [
  { regression: 'numeric-rspcode', mode: 'safe', case: 'positive/getTemplateList/list', check: 'rsp_code_is_string' },
  { regression: 'number-for-string', mode: 'safe', case: 'positive/getPublicList/list', check: 'success_schema' },
  { regression: 'undocumented-code', mode: 'safe', case: 'token/getThirdAPIToken/token-accepted', check: 'rsp_code_documented' },
  { regression: 'http-500-on-error', mode: 'safe', case: 'negative/getUserMessageList/size-missing', check: 'http_no_server_error' },
  { regression: 'accepts-unknown-token', mode: 'safe', case: 'auth/getPublicList/unknown-token', check: 'rejects_bad_token' },
  { regression: 'missing-param-accepted', mode: 'safe', case: 'negative/getUserMessageCount/account-missing', check: 'negative_data_rejection' },
  { regression: 'html-error-page', mode: 'safe', case: 'negative/getUserMessageList/page-missing', check: 'json_body' },
  { regression: 'size-ignored', mode: 'safe', case: 'positive/getUserMessageList/first-page', check: 'result_consistent' },
  { regression: 'token-broken', mode: 'safe', case: 'token/getThirdAPIToken/issues-token', check: 'positive_data_acceptance' },
  { regression: 'schedule-not-checked', mode: 'full', case: 'negative/sendMessageApi/sendTime-less-than-10-minutes-ahead', check: 'negative_data_rejection' },
  { regression: 'sms-signature-allowed', mode: 'full', case: 'negative/sendMessageApi/msgContent-sms-signature-brackets', check: 'negative_data_rejection' },
  { regression: 'card-url-unchecked', mode: 'full', case: 'negative/cardMessage/url-pattern-mismatch', check: 'negative_data_rejection' },
  { regression: 'replies-not-deleted', mode: 'full', case: 'flow/replyMessage/reply-enabled-send', check: 'replies_deleted' },
  { regression: 'progress-stuck', mode: 'full', case: 'flow/sendMessageApi/send-then-progress', check: 'progress_finishes' },
  { regression: 'todo-count-stale', mode: 'full', case: 'flow/checkMessageStatusApi/todo-confirm-counts', check: 'todo_counts_after_confirm' },
  { regression: 'malformed-json-500', mode: 'full', case: 'negative/sendTemplateApi/body-malformed-json', check: 'http_no_server_error' },
];

const operationOf = (id: string) => id.split('/')[1]!;
// Each variant runs the suite against a platform of its own, and most of a run is waiting on the platform's
// real-time clock (deliveries, flows): a few at a time.
t.jobs = 3;

t.test('at least 12 regressions from different rule families', async (t) => {
  t.ok(VARIANTS.length >= 12);
  t.equal(new Set(VARIANTS.map((v) => v.check)).size >= 9, true, 'judged by at least nine different checks');
});

for (const v of VARIANTS) {
  t.test(`${v.regression}: ${v.case} fails with ${v.check} (${v.mode} mode)`, async (t) => {
    // Progress that never finishes costs the flow budget in every flow that waits: keep it short.
    const { report } = await runAgainstIndependent(t, { regression: v.regression }, { mode: v.mode, flowTimeoutSeconds: v.regression === 'progress-stuck' ? 1 : 4 });
    t.ok(failedChecks(byId(report, v.case)).includes(v.check), `${v.case}: ${JSON.stringify(failedChecks(byId(report, v.case)))}`);
    const failed = Object.keys(failures(report));
    if (v.regression === 'token-broken') {
      t.same(failed, [v.case], 'one clear fail, not a cascade');
      const inconclusive = report.results.filter((r) => r.status === 'inconclusive');
      t.ok(inconclusive.length > 20, `${inconclusive.length} cases that needed the token are inconclusive`);
      t.ok(inconclusive.every((r) => /no token/.test(r.reason ?? '') || /before reaching/.test(r.reason ?? '')), 'each says why');
    } else {
      t.ok(
        failed.every((id) => byId(report, id)!.operationIds.includes(operationOf(v.case)) || (v.regression === 'progress-stuck' && id.startsWith('flow/'))),
        `only cases of the regressed operation fail: ${failed.join(', ')}`,
      );
    }
  });
}

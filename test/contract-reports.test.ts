// Every report the suite writes parses with a real, strict parser, against failing targets too:
// JUnit as Jenkins and GitLab read it (a sentence per <failure>, transport problems as <error>,
// classnames naming each case's own operation), TAP with tap-parser, JSON with JSON.parse. One
// cause behind many cases is said once.
import t, { type Test } from 'tap';
import { Parser as TapParser } from 'tap-parser';
import { jsonReport } from '../src/contract/reporters/json.js';
import { junitReport } from '../src/contract/reporters/junit.js';
import { summaryReport } from '../src/contract/reporters/summary.js';
import { tapReport } from '../src/contract/reporters/tap.js';
import type { Mode, RunReport } from '../src/contract/types.js';
import type { Secrets } from '../src/contract/secrets.js';
import type { IndependentOptions } from './helpers/independent-platform.js';
import { runAgainstIndependent } from './helpers/independent-run.js';
import { elements, parseStrictXml } from './helpers/strict-xml.js';

t.jobs = 4;

interface TapResult {
  ok: boolean;
  count: number;
  pass: number;
  fail: number;
  skip: number;
  failures: { name: string; diag?: Record<string, any> }[];
}

function parseTap(text: string): Promise<TapResult> {
  return new Promise((resolve) => {
    const parser = new TapParser((results) => resolve(results as unknown as TapResult));
    parser.end(text);
  });
}

const TARGETS: { name: string; platform: IndependentOptions; mode: Mode; strict?: boolean }[] = [
  { name: 'faithful, --strict (the old header comment held "--strict")', platform: {}, mode: 'full', strict: true },
  { name: 'a title over 100 accepted', platform: { regression: 'title-unchecked' }, mode: 'full' },
  { name: 'an nginx 502 on 5.2.5', platform: { regression: 'gateway-502' }, mode: 'safe' },
  { name: 'an echoed appPassword', platform: { regression: 'echo-password' }, mode: 'safe' },
  { name: 'every rspCode a number', platform: { regression: 'numeric-rspcodes' }, mode: 'full' },
];

for (const target of TARGETS) {
  t.test(`reports parse: ${target.name}`, async (t) => {
    const { report, secrets } = await runAgainstIndependent(t, target.platform, { mode: target.mode, strict: target.strict ?? false });
    await checkJunit(t, report, secrets);
    await checkTap(t, report, secrets);
    const json = JSON.parse(jsonReport(report, secrets));
    t.same(json.counts, report.counts, 'JSON: counts');
    t.equal(json.cases.length, report.results.length, 'JSON: a case per case');
    t.equal(json.security.length, report.security.length, 'JSON: security findings');
  });
}

async function checkJunit(t: Test, report: RunReport, secrets: Secrets): Promise<void> {
  const doc = parseStrictXml(junitReport(report, secrets));
  const suites = elements(doc, 'testsuite');
  const cases = elements(doc, 'testcase');
  const sum = (attr: string) => suites.reduce((n, s) => n + Number(s.attributes[attr]), 0);
  t.equal(Number(doc.attributes.tests), cases.length, 'JUnit: tests = testcases');
  t.equal(Number(doc.attributes.failures), sum('failures'), 'JUnit: failures add up');
  t.equal(Number(doc.attributes.errors), sum('errors'), 'JUnit: errors add up');
  for (const s of suites) t.equal(Number(s.attributes.tests), s.children.filter((c) => c.name === 'testcase').length, `${s.attributes.name}: tests`);
  const byName = new Map(report.results.map((r) => [r.id, r]));
  for (const c of cases.filter((x) => !x.attributes.classname!.startsWith('umc-contract.security'))) {
    const id = c.attributes.name!.split(':')[0]!;
    const r = byName.get(id)!;
    t.equal(c.attributes.classname, `umc-contract.${r.group}.${id.split('/')[1]}`, `${id}: classname names the case's own operation`);
    const failure = c.children.find((x) => x.name === 'failure');
    const error = c.children.find((x) => x.name === 'error');
    t.equal(failure !== undefined, r.status === 'failed', `${id}: <failure> iff failed`);
    t.equal(error !== undefined, r.status === 'error', `${id}: <error> iff an error (transport, gateway)`);
    if (failure && !/shared cause C\d/.test(failure.attributes.message!)) t.match(failure.attributes.message, /: expected .*; got .* \((document|assumption|baseline) /, `${id}: the message is a sentence`);
  }
  t.equal(elements(doc, 'failure').filter((f) => f.attributes.type === 'secret_echoed').length, report.security.length, 'JUnit: a failing testcase per echoed secret');
}

async function checkTap(t: Test, report: RunReport, secrets: Secrets): Promise<void> {
  const tap = await parseTap(tapReport(report, secrets));
  t.equal(tap.count, report.results.length + report.security.length, 'TAP: a point per case and per security finding');
  t.equal(tap.ok, report.counts.failed + report.counts.error + report.security.length === 0, 'TAP: ok iff nothing failed');
  t.equal(tap.skip, report.counts.inconclusive, 'TAP: inconclusive cases are SKIP');
  for (const f of tap.failures.filter((x) => !x.name.startsWith('security'))) {
    const diag = f.diag ?? {};
    t.ok(diag.cause || diag.failures || diag.errors, `${f.name.slice(0, 60)}: the YAML block says why`);
    for (const r of diag.requests ?? []) t.match(r, { sent: /^(GET|POST) /, answer: /./, curl: /^curl / });
  }
}

t.test('one cause, said once: every rspCode a number', async (t) => {
  const { report, secrets } = await runAgainstIndependent(t, { regression: 'numeric-rspcodes' }, { mode: 'safe' });
  t.match(report.causes, [{ id: 'C1', check: 'rsp_code_is_string', cause: 'rspCode a number' }]);
  t.ok(report.causes[0]!.cases.length > 40, `${report.causes[0]!.cases.length} cases`);
  t.equal(report.counts.inconclusive, 0, "a numeric 0 is read as 000000: the token is understood and every case is judged");
  const summary = summaryReport(report, secrets).split('\n');
  t.ok(summary.length < 100, `the summary: ${summary.length} lines (527 before)`);
  t.equal(summary.filter((l) => l.includes('rspCode a number')).length, 1, 'the cause stated once in the summary');
  const tap = tapReport(report, secrets).split('\n');
  t.ok(tap.length < 6 * report.results.length, `TAP: ${tap.length} lines for ${report.results.length} cases (1,279 before)`);
});

t.test('an inconclusive case carries its request, answer and curl', async (t) => {
  const { report, secrets } = await runAgainstIndependent(t, {}, { mode: 'full', only: ['negative/checkMessageStatusApi/state-missing'] });
  t.equal(report.results[0]?.status, 'inconclusive');
  const tap = await parseTap(tapReport(report, secrets));
  t.equal(tap.skip, 1);
  const junit = parseStrictXml(junitReport(report, secrets));
  t.match(elements(junit, 'system-out')[0]?.text, /request 1 \(checkMessageStatusApi, checkMessageStatusApi\): POST http:\/\/127\.0\.0\.1:\d+\/message\/checkMessageStatusApi\nanswer: HTTP 200 \(application\/json;charset=UTF-8\) in [\d.]+ ms: \{"rspCode":"500005".*\nreproduce: curl /);
  t.match(summaryReport(report, secrets), /\? inconclusive 1: answered 500005 .*\n\s+request   POST .*\n\s+response  HTTP 200 .*\n\s+reproduce curl /);
});

t.test('an HTML gateway page is shown on one line, cut, as a transport problem', async (t) => {
  const { report, secrets } = await runAgainstIndependent(t, { regression: 'gateway-502' }, { mode: 'safe', only: ['getUserMessageCount'] });
  const summary = summaryReport(report, secrets);
  const line = summary.split('\n').find((l) => l.includes('response') && l.includes('502'));
  t.match(line, /response +HTTP 502 \(text\/html\) in [\d.]+ ms: \(HTML\) 502 Bad Gateway 502 Bad Gateway nginx\/1\.24\.0$/);
  t.match(summary, /C1 error gateway_answer: HTTP 502 gateway page on getUserMessageCount \(\d+ cases, \d+ answers\)/);
  t.notMatch(summary, /got rspCode undefined/, 'not blamed on the contract');
});

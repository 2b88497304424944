// A validating proxy agrees with the mock: Stoplight Prism (`prism proxy openapi.yaml <mock>`) stands
// between the clients and umc-mock and checks every request and every answer against openapi.yaml. The
// README's curl walk-through, the exported Postman collection and real clients' requests
// (test/helpers/real-clients.ts) go through it: no answer of the mock breaks openapi.yaml, and no request
// the mock accepts is one openapi.yaml forbids. Loopback only; a fixed number of requests.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import newman, { type NewmanRunSummary } from 'newman';
import { scenarioDefaults } from '../src/cli/export-postman.js';
import { loadSpec } from '../src/spec/load.js';
import { postmanCollection } from '../src/spec/postman.js';
import { loadScenario } from '../src/store/scenarios.js';
import { advance } from './helpers/messaging.js';
import { startTestMock } from './helpers/mock.js';
import { describeViolation, requestSide, responseSide, startPrism, violationsOf, type Violation } from './helpers/prism.js';
import { REAL_CLIENT_CALLS, type Session } from './helpers/real-clients.js';
import { runProcess } from './helpers/run-process.js';

// Prism's start (a few seconds of CPU), the walk-through's bash, newman: more than the suite-wide default.
t.setTimeout(240_000);

const spec = loadSpec();
/** Each operation's success code, by method and path. */
const successOf = new Map(spec.operations.map((op) => [`${op.method} ${op.path}`, op.success.rspCode]));

/** One request that went through Prism: where, what the mock answered, what Prism found. */
interface Seen {
  source: string;
  label: string;
  method: string;
  path: string;
  rspCode?: string;
  violations: Violation[];
}

// One mock and one Prism for the three sets of requests (a Prism costs seconds of CPU to start): the sets
// do not meet (the walk-through's notice, the collection's todo and the real clients' todo differ in title).
const mock = await startTestMock(t);
const prism = await startPrism(t, mock.url);

const accepted = (s: Seen) => s.rspCode !== undefined && successOf.get(`${s.method} ${s.path}`) === s.rspCode;

function report(t: Test, seen: Seen[], logged: string[]): void {
  const lines = seen.flatMap((s) => s.violations.map((v) => `${s.source} ${s.label} (${s.method} ${s.path} → ${s.rspCode ?? 'no envelope'}): ${describeViolation(v)}`));
  t.comment(`${seen.length} requests through prism, ${lines.length} violations${lines.length ? `:\n${lines.join('\n')}` : ''}`);
  t.same(seen.flatMap((s) => responseSide(s.violations).map((v) => `${s.label}: ${describeViolation(v)}`)), [], 'no answer of the mock breaks openapi.yaml');
  t.same(seen.filter(accepted).flatMap((s) => requestSide(s.violations).map((v) => `${s.label}: ${describeViolation(v)}`)), [], 'no request the mock accepts breaks openapi.yaml');
  // Requests the test does not see itself (the collection's pm.sendRequest) are in Prism's log.
  t.same(logged.filter((line) => line.startsWith('response')), [], "nothing on the answers' side in Prism's log either");
}

function pathOf(url: string): string {
  return new URL(url).pathname;
}

t.test("the README's curl walk-through through prism", async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## A first session with curl')))![1]!;
  // The control plane (/__umc) is the mock's own, not in openapi.yaml: those calls go to the mock itself.
  const script = block.replaceAll('$UMC/__umc/', '$UMC_CONTROL/__umc/');
  t.ok(script.includes('$UMC_CONTROL/__umc/clock'), 'the clock call goes to the mock');
  const dir = mkdtempSync(join(tmpdir(), 'umc-prism-walk-'));
  // Every curl of the block keeps its answer's headers and body, in order, and gives up after 30 s.
  const wrapper = 'curl() { local f="$UMC_SEEN/$(date +%s%N)"; printf "%s\\n" "$*" > "$f.args"; command curl --max-time 30 -D "$f.headers" "$@" | tee "$f.body"; }\n';
  const run = await runProcess('bash', ['-c', wrapper + script], { env: { ...process.env, UMC_URL: prism.url, UMC_CONTROL: mock.url, UMC_SEEN: dir } });
  t.equal(run.code, 0, run.stderr);
  const seen: Seen[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.args')).sort()) {
    const base = join(dir, name.slice(0, -'.args'.length));
    const args = readFileSync(`${base}.args`, 'utf8');
    const url = /(https?:\/\/\S+?)["'\s]/.exec(`${args} `)![1]!.replace(/^["']/, '');
    if (!url.startsWith(prism.url)) continue;
    const headers = readFileSync(`${base}.headers`, 'utf8');
    const violations = violationsOf(/^sl-violations: (.*)$/im.exec(headers)?.[1]?.trim());
    let rspCode: string | undefined;
    try {
      rspCode = JSON.parse(readFileSync(`${base}.body`, 'utf8')).rspCode;
    } catch {
      rspCode = undefined;
    }
    seen.push({ source: 'walk-through', label: args.trim().slice(0, 80), method: /-X POST/.test(args) || / -d /.test(args) ? 'POST' : 'GET', path: pathOf(url), rspCode, violations });
  }
  t.equal(seen.length, 7, 'the seven API calls of the block (the clock call aside)');
  t.same(seen.map((s) => s.rspCode), ['000000', '000000', '000000', '500002', '500003', '000000', '000000'], 'as the README shows them');
  report(t, seen, prism.loggedViolations());
});

function runNewman(collection: unknown): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => newman.run({ collection, reporters: [] }, (err, summary) => (err ? reject(err) : resolve(summary))));
}

t.test('the exported Postman collection through prism', async (t) => {
  const summary = await runNewman(postmanCollection(spec, scenarioDefaults(loadScenario('default'), prism.url)));
  t.same(summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.message}`), [], 'the collection runs green through prism');
  const seen: Seen[] = summary.run.executions.map((ex) => {
    const response = ex.response;
    let rspCode: string | undefined;
    try {
      rspCode = JSON.parse(response?.text() ?? '').rspCode;
    } catch {
      rspCode = undefined;
    }
    const url = ex.request.url.toString();
    return { source: 'postman', label: ex.item.name, method: ex.request.method, path: new URL(url).pathname, rspCode, violations: violationsOf(response?.headers.get('sl-violations')) };
  });
  t.equal(new Set(seen.map((s) => s.label)).size, spec.operations.length, 'every operation of openapi.yaml');
  report(t, seen, prism.loggedViolations());
});

t.test("real clients' requests through prism", async (t) => {
  const session: Session = { token: '', msgId: '' };
  const seen: Seen[] = [];
  for (const call of REAL_CLIENT_CALLS) {
    if (call.advanceFirst) await advance(mock.url, call.advanceFirst);
    const body = call.body?.(session);
    const target = call.target(session);
    const res = await fetch(`${prism.url}${target}`, {
      method: call.method,
      headers: body?.contentType ? { 'content-type': body.contentType } : {},
      body: body?.payload,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let answer: any;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    call.keep?.(session, answer);
    seen.push({ source: 'real client', label: call.habit, method: call.method, path: target.split('?')[0]!, rspCode: answer?.rspCode, violations: violationsOf(res.headers.get('sl-violations')) });
  }
  t.same(
    seen.filter((s) => !accepted(s)).map((s) => `${s.label}: ${s.rspCode ?? 'no envelope'}`),
    [],
    'the mock accepts every one of them',
  );
  report(t, seen, prism.loggedViolations());
});

t.test('prism does find what breaks openapi.yaml, so that the zeros above mean something', async (t) => {
  // A platform that answers every request with a numeric rspCode and a token that is a number.
  const broken = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json;charset=UTF-8');
    res.end('{"rspCode":0,"rspMsg":"操作完成","resultData":{"token":5}}');
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => broken.close(resolve)));
  const prism = await startPrism(t, `http://127.0.0.1:${(broken.address() as { port: number }).port}`);
  const answer = await fetch(`${prism.url}/msg/getThirdAPIToken?appId=MSG123456&appPassword=x`, { signal: AbortSignal.timeout(30_000) });
  const found = violationsOf(answer.headers.get('sl-violations'));
  t.ok(responseSide(found).some((v) => v.location.join('.') === 'response.body.rspCode'), 'a numeric rspCode: a response-side violation');
  const form = await fetch(`${prism.url}/message/getProgress`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x', signal: AbortSignal.timeout(30_000) });
  t.ok(requestSide(violationsOf(form.headers.get('sl-violations'))).some((v) => /msgId/.test(v.message)), 'a form without msgId: a request-side violation');
  const data = new FormData();
  data.append('token', 'x');
  const multipart = await fetch(`${prism.url}/message/getProgress`, { method: 'POST', body: data, signal: AbortSignal.timeout(30_000) });
  t.ok(requestSide(violationsOf(multipart.headers.get('sl-violations'))).some((v) => /msgId/.test(v.message)), 'multipart bodies are checked too');
  t.ok(prism.loggedViolations().some((line) => line.startsWith('response.body.rspCode')), "and Prism's log says so");
});

// How umc-contract recognises the mock and drives its control plane (src/contract/target.ts, over
// ControlClient): any answer of GET /__umc/health but the mock's is a real deployment (a redirect
// not followed), no answer within --timeout is unreachable (exit 2), and the directory the flows
// pick receivers from is read whole, over every page (large-org: some 30,000 people, nine pages).
import t from 'tap';
import { UnreachableError, mockControlAt } from '../src/contract/target.js';
import { loadScenario } from '../src/store/scenarios.js';
import { request, startTestMock } from './helpers/mock.js';
import { startRawServer } from './helpers/raw-server.js';

t.test('any answer that is not the mock\'s health is a real deployment, never an error', async (t) => {
  const answers: [string, number, Record<string, string>, string][] = [
    ['404', 404, { 'content-type': 'application/json' }, '{"error":"not found"}'],
    ['an HTML page', 200, { 'content-type': 'text/html' }, '<html><title>门户</title></html>'],
    ['another JSON', 200, { 'content-type': 'application/json' }, '{"status":"UP","service":"gateway"}'],
    ['JSON null', 200, { 'content-type': 'application/json' }, 'null'],
    ['a 500', 500, { 'content-type': 'text/plain' }, 'oops'],
    ['a redirect to a login page', 302, { location: '/cas/login' }, ''],
  ];
  let current = answers[0]!;
  const target = await startRawServer(t, (_req, res) => res.writeHead(current[1], current[2]).end(current[3]));
  for (const answer of answers) {
    current = answer;
    t.equal(await mockControlAt(target.url, 2000), undefined, answer[0]);
  }
  t.notOk(target.requests.includes('/cas/login'), 'the redirect was not followed');
});

t.test('an answer to GET /__umc/health that stops halfway: not the mock; no answer at all: unreachable, within --timeout', async (t) => {
  const target = await startRawServer(t, (req, res) => {
    if (req.url === '/__umc/health') res.writeHead(200, { 'content-type': 'application/json' }).write('{"service":"umc-');
  });
  t.equal(await mockControlAt(target.url, 300), undefined);
  const silent = await startRawServer(t, () => {});
  const started = performance.now();
  const err = await mockControlAt(silent.url, 300).catch((e: unknown) => e);
  t.type(err, UnreachableError);
  t.match(err, { message: new RegExp(`^无法连接被测部署 ${silent.url}：no answer within 0.3 s \\(--timeout\\)$`) });
  t.ok(performance.now() - started < 3000, 'it does not wait longer than it must');
});

t.test('the mock: its whole directory over every page (large-org), its clock, a refused reply', async (t) => {
  const mock = await startTestMock(t, { scenario: loadScenario('large-org', { seed: 7 }) });
  const first = (await request(`${mock.url}/__umc/users`)).json;
  t.ok(first.nextOffset > 0 && first.users.length < first.total, `one page holds ${first.users.length} of ${first.total} people`);
  const control = await mockControlAt(mock.url, 10_000);
  t.ok(control, 'recognised');
  const people = (await control!.users())!;
  t.equal(people.length, first.total, 'every person, not only the first page');
  t.equal(new Set(people.map((p) => p.userId)).size, first.total, 'each once');
  const before = (await control!.now())!;
  await control!.advanceClock(3600);
  t.ok((await control!.now())! - before >= 3600_000, 'the clock moved an hour');
  t.match(await control!.postReply(String(people[0]!.userId), 'no-such-message', '回复'), /^HTTP 4\d\d /, 'a refusal says its status');
});

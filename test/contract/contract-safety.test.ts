// Safe means safe, and secrets stay secret. In safe mode no request the target could accept
// reaches an operation that changes or consumes state: a lenient target that takes count=0/abc/101
// as "100" keeps its replies. Every token the suite ever received is masked in every output,
// whatever rspCode or shape the answer that carried it had.
import t from 'tap';
import { jsonReport } from '../../src/contract/reporters/json.js';
import { junitReport } from '../../src/contract/reporters/junit.js';
import { summaryReport } from '../../src/contract/reporters/summary.js';
import { tapReport } from '../../src/contract/reporters/tap.js';
import { assumptionsFile } from '../../src/contract/reporters/assumptions.js';
import { loadSpec } from '../../src/spec/load.js';
import { runSuite } from '../helpers/contract.js';
import { startDriftProxy, type SeenRequest } from '../helpers/drift-proxy.js';
import { startIndependentPlatform } from '../helpers/independent-platform.js';
import { runAgainstIndependent } from '../helpers/independent-run.js';

const spec = loadSpec();
const STATEFUL = new Set(spec.operations.filter((o) => o.changesState && o.needsToken).map((o) => o.path));

function tokenOf(req: SeenRequest): string | undefined {
  const fromQuery = req.query.get('token');
  if (fromQuery) return fromQuery;
  if (req.contentType?.includes('json')) {
    try {
      return JSON.parse(req.body)?.token;
    } catch {
      return undefined;
    }
  }
  return new URLSearchParams(req.body).get('token') ?? undefined;
}

t.test('a safe run leaves the replies of a lenient target in place', async (t) => {
  const { p, report } = await runAgainstIndependent(t, { lenientCount: true }, { mode: 'safe' });
  t.equal(report.counts.failed, 0);
  t.equal(p.pendingReplies(), 3, 'the three queued replies are all still there');
  // The same target does delete them when a valid token reaches 5.2.3 with count=0: what safe mode must never send.
  const issued = (await (await fetch(`${p.url}/msg/getThirdAPIToken?appId=${p.appId}&appPassword=${p.appPassword}`, { method: 'POST' })).json()) as { resultData: { token: string } };
  const token = issued.resultData.token;
  await fetch(`${p.url}/message/replyMessage`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}&count=0` });
  t.equal(p.pendingReplies(), 0, 'count=0 with a valid token takes them all on this target');
});

t.test('safe mode: no issued token ever reaches an operation that changes state', async (t) => {
  const p = await startIndependentPlatform(t);
  const proxy = await startDriftProxy(t, p.url, { foreign: true });
  const { report } = await runSuite(proxy.url, { appId: p.appId, appPassword: p.appPassword, mode: 'safe' });
  t.ok(proxy.tokens.length > 0, `${proxy.tokens.length} tokens issued`);
  const stateful = proxy.requests.filter((r) => STATEFUL.has(r.path));
  t.ok(stateful.length >= 15, `${stateful.length} requests to sends, 5.2.3 and 5.4.1`);
  t.same(stateful.filter((r) => proxy.tokens.includes(tokenOf(r) ?? '')).map((r) => r.path), [], 'each with no token or a counterfeit one');
  t.ok(report.results.every((r) => r.mode === 'safe'));
});

t.test('every token received is a secret, whatever the answer looked like', async (t) => {
  const p = await startIndependentPlatform(t);
  const echoed: string[] = [];
  const proxy = await startDriftProxy(t, p.url, {
    foreign: true,
    drift: (a, req) => {
      if (a.path === '/msg/getThirdAPIToken' && a.json?.resultData?.token) {
        // A numeric rspCode and extra fields: the token inside is still a secret.
        const token = a.json.resultData.token as string;
        a.json = { rspCode: 0, rspMsg: `issued ${token} for ${req.query.get('appPassword')}`, resultData: { token, accessToken: `${token}-access`, nested: { refreshToken: `${token}-refresh` } } };
        echoed.push(token, `${token}-access`, `${token}-refresh`);
      } else if (a.json && typeof a.json === 'object') {
        // Every other answer echoes the parameters it was sent, token included.
        a.json.rspMsg = `${a.json.rspMsg} token=${tokenOf(req) ?? ''} body=${req.body.slice(0, 200)}`;
        a.json.rspCode = Number(a.json.rspCode);
      }
    },
  });
  const { report, secrets } = await runSuite(proxy.url, { appId: p.appId, appPassword: p.appPassword, mode: 'safe' });
  t.ok(report.counts.failed > 0, 'the numeric rspCodes fail');
  const outputs = {
    tap: tapReport(report, secrets),
    junit: junitReport(report, secrets),
    json: jsonReport(report, secrets),
    summary: summaryReport(report, secrets),
    assumptions: assumptionsFile(report, secrets),
  };
  const values = [p.appPassword, encodeURIComponent(p.appPassword), ...proxy.tokens, ...echoed];
  t.ok(values.length > 4);
  for (const [name, text] of Object.entries(outputs)) {
    for (const value of values) t.notOk(text.includes(value), `${name}: no ${value.slice(0, 6)}…`);
  }
  t.match(outputs.json, /"\$UMC_TOKEN"|\*\*\*/, 'they are masked, not dropped');
});

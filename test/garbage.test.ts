// Random garbage in any parameter never produces HTTP 5xx: always a documented envelope (seeded, bounded).
import t from 'tap';
import fc from 'fast-check';
import { loadSpec } from '../src/spec/load.js';
import { getToken, startTestMock } from './helpers/mock.js';

const spec = loadSpec();
const RUNS_PER_OPERATION = 60;

const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', ' ', '%', '%zz', '%E4%B8', '+', '&', '=', '[', '[{', '{"a":', 'null', '__proto__', '【研发部】', '\u0000', '\ud800', 'x'.repeat(5000)),
  fc.integer().map(String),
  fc.json(),
);

function formEncode(pairs: [string, string][], raw: boolean): string {
  return pairs.map(([k, v]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k.toWellFormed())}=${encodeURIComponent(v.toWellFormed())}`)).join('&');
}

t.test('garbage parameters on every operation get a documented envelope, never 5xx', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  for (const op of spec.operations) {
    const names = fc.constantFrom(...op.params.map((p) => p.name), '__proto__', 'constructor', 'x');
    const pairs = fc.array(fc.tuple(names, nastyString), { maxLength: 8 });
    const withToken = fc.boolean();
    const rawEncoding = fc.boolean();
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(pairs, withToken, rawEncoding, async (generated, addToken, raw) => {
        const all: [string, string][] = addToken ? [['token', token], ...generated] : generated;
        let res: Response;
        if (op.bodyKind === 'json') {
          const body = raw ? formEncode(all, true) : JSON.stringify(Object.fromEntries(all.map(([k, v]) => [k, v])));
          res = await fetch(`${mock.url}${op.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        } else {
          res = await fetch(`${mock.url}${op.path}`, { method: op.method, headers: op.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, body: op.method === 'POST' ? formEncode(all, raw) : undefined });
        }
        const text = await res.text();
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`not JSON: ${text.slice(0, 80)}`);
          return false;
        }
        if (res.status !== 200) failures.push(`HTTP ${res.status}`);
        if (typeof body.rspCode !== 'string' || !op.rspCodes.some((c) => c.rspCode === body.rspCode)) failures.push(`undocumented ${body.rspCode}`);
        if (body.rspCode === '999999') failures.push(`unexpected 999999: ${body.rspMsg}`);
        return failures.length === 0;
      }),
      { numRuns: RUNS_PER_OPERATION, seed: 20261128, endOnFailure: true },
    ).catch((err) => failures.push(String(err.message).slice(0, 500)));
    t.same(failures, [], `${op.operationId}: ${RUNS_PER_OPERATION} garbage requests`);
  }
});

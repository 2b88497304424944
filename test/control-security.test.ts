// No web page can drive the loopback control plane: a page from another origin, in Chromium,
// tries reset, faults, clock, scenario and apps with every request a page can make without the
// mock's consent (text/plain and form posts, no-cors fetches, a JSON fetch that needs a
// preflight); nothing changes. A DNS-rebound Host, a foreign Origin and a non-JSON POST are refused.
import { createServer } from 'node:http';
import { request as httpRequest } from 'node:http';
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { getToken, postForm, postJson, request, startTestMock } from './helpers/mock.js';

/** A raw request with headers fetch will not let us set (Host). */
function raw(url: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function stateOf(base: string) {
  const [clock, faults, apps, health, requests] = await Promise.all(['clock', 'faults', 'apps', 'health', 'requests'].map((p) => request(`${base}/__umc/${p}`)));
  return { offset: clock!.json.offsetSeconds, faults: faults!.json.faults.length, apps: apps!.json.apps.length, scenario: health!.json.scenario, requests: requests!.json.total ?? requests!.json.requests.length };
}

const ATTACK = (mock: string) => `<!doctype html><meta charset="utf-8"><body><iframe name="sink"></iframe><script>
const mock = ${JSON.stringify(mock)};
const bodies = {
  reset: {},
  faults: { operationId: 'getProgress', rspCode: '999999' },
  clock: { advanceSeconds: 86400 },
  scenario: { name: 'channel-closed' },
  apps: { name: '恶意应用', channels: ['Portal'] },
};
const tries = [];
for (const [path, body] of Object.entries(bodies)) {
  const url = mock + '/__umc/' + path;
  tries.push(fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }).catch(() => {}));
  tries.push(fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: JSON.stringify(body) }).catch(() => {}));
  tries.push(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => {}));
}
// A form whose text/plain body is JSON: the classic way round "JSON only".
const form = document.createElement('form');
form.method = 'POST'; form.enctype = 'text/plain'; form.target = 'sink'; form.action = mock + '/__umc/clock';
const input = document.createElement('input');
input.name = '{"advanceSeconds":86400,"x":"'; input.value = '"}';
form.append(input); document.body.append(form); form.submit();
// Reading the apps (their passwords) from another origin.
tries.push(fetch(mock + '/__umc/apps').then((r) => r.text()).then((t) => { window.leaked = t; }).catch(() => {}));
Promise.all(tries).then(() => setTimeout(() => { document.title = 'done'; }, 500));
</script>`;

t.test('a page from another origin changes nothing and reads nothing', async (t) => {
  const mock = await startTestMock(t);
  const before = await stateOf(mock.url);
  const attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ATTACK(mock.url)));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => attacker.close(resolve)));
  const port = (attacker.address() as { port: number }).port;
  const browser = await openBrowser();
  t.teardown(() => browser.close());
  // localhost and 127.0.0.1 on another port: another origin, the same machine.
  await browser.page.goto(`http://localhost:${port}/`);
  await browser.page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'done', undefined, { timeout: 15_000 });
  t.equal(await browser.page.evaluate(() => (globalThis as unknown as { leaked?: string }).leaked), undefined, 'the apps were not readable');
  const after = await stateOf(mock.url);
  t.same({ ...after, requests: 0 }, { ...before, requests: 0 }, 'clock, faults, apps and scenario unchanged');
  t.equal(after.offset, 0);
});

t.test('DNS rebinding, foreign Origins and non-JSON posts are refused; the mock itself is not', async (t) => {
  const mock = await startTestMock(t);
  const clock = `${mock.url}/__umc/clock`;
  const json = { 'content-type': 'application/json' };
  const rebound = await raw(clock, 'POST', { ...json, host: 'attacker.example:8010' }, '{"advanceSeconds":60}');
  t.equal(rebound.status, 403);
  t.match(rebound.text, /控制面只接受本机地址/);
  t.equal((await raw(`${mock.url}/__umc/apps`, 'GET', { host: 'attacker.example' })).status, 403, 'reading the apps through a rebound name too');
  const foreign = await raw(clock, 'POST', { ...json, origin: 'http://attacker.example' }, '{"advanceSeconds":60}');
  t.equal(foreign.status, 403);
  t.match(foreign.text, /Origin http:\/\/attacker\.example/);
  t.equal((await raw(clock, 'POST', { ...json, origin: 'null' }, '{"advanceSeconds":60}')).status, 403, 'Origin null (a sandboxed page)');
  const plain = await raw(clock, 'POST', { 'content-type': 'text/plain' }, '{"advanceSeconds":60}');
  t.equal(plain.status, 415);
  t.match(plain.text, /Content-Type: application\/json/);
  t.equal((await raw(`${mock.url}/__umc/reset`, 'POST', {})).status, 415, 'no Content-Type at all');
  t.equal((await request(clock)).json.offsetSeconds, 0, 'none of them moved the clock');

  const own = await raw(clock, 'POST', { ...json, origin: mock.url }, '{"advanceSeconds":60}');
  t.equal(own.status, 200, "the mock's own pages (same origin) work");
  t.equal((await raw(`${mock.url.replace('127.0.0.1', 'localhost')}/__umc/reset`, 'POST', json, '{}')).status, 200, 'localhost works');
  t.equal((await postJson(`${mock.url}/__umc/reset`, {})).status, 200, 'a JSON reset works');
});

t.test('with an admin token any Host may reach the control plane, with the token', async (t) => {
  const mock = await startTestMock(t, { adminToken: 'an-admin-token-1' });
  const headers = { host: 'umc-mock.internal:8010', authorization: 'Bearer an-admin-token-1', 'content-type': 'application/json' };
  t.equal((await raw(`${mock.url}/__umc/reset`, 'POST', headers, '{}')).status, 200);
  t.equal((await raw(`${mock.url}/__umc/reset`, 'POST', { ...headers, authorization: '' }, '{}')).status, 401);
});

t.test('the dev inbox renders only http(s) addresses as links', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const sent = await postForm(`${mock.url}/message/sendMessageApi`, {
    token,
    msgtitle: '链接测试',
    msgType: '1',
    msgContent: '请点击',
    sendStatus: '1',
    sendChannel: 'Portal',
    sendMode: 'normal',
    sendMsgType: '4',
    waitLink: 'javascript:alert(document.cookie)',
    receivers: JSON.stringify([{ type: 'User', userId: '20230001', name: '张三' }]),
  });
  t.equal(sent.json.rspCode, '000000', 'the platform accepts any waitLink (the document sets no scheme)');
  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 10 });
  const browser = await openBrowser();
  t.teardown(() => browser.close());
  const { page } = browser;
  await page.goto(`${mock.url}/__umc/ui/`);
  await page.click('#nav a[data-view=portal]');
  await page.click('.person[data-user="20230001"]');
  await page.click(`.mailbox-item[data-msgid="${sent.json.resultData.msgId}"]`);
  await page.waitForSelector('.mail-read .not-a-link');
  t.equal(await page.locator('a[href^="javascript:" i]').count(), 0, 'no javascript: link anywhere');
  t.match(await page.locator('.mail-read .not-a-link').first().textContent(), 'javascript:alert', 'shown as text');
});

// The pages the mock serves (the dev inbox, Swagger UI at /docs) refuse to be framed: a page on
// another port framed the inbox invisibly over a bait button, and one real click moved the platform
// clock two hours (the control plane's guard sees that click as the inbox's own). And /docs keeps
// what Authorize holds (the admin token, the platform token) in the tab, not in localStorage.
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { DEMO_APP, request, startTestMock } from './helpers/mock.js';

t.setTimeout(180_000);

const UI_FILES = readdirSync(new URL('../src/control/ui/', import.meta.url)).filter((f) => !f.startsWith('docs.'));

t.test('every page and asset of the inbox and /docs says DENY and frame-ancestors \'none\'', async (t) => {
  const mock = await startTestMock(t);
  const paths = [
    '/__umc/ui',
    '/__umc/ui/',
    ...UI_FILES.map((f) => `/__umc/ui/${f}`),
    '/__umc/ui/no-such-file.js',
    '/docs',
    '/docs/docs.js',
    '/docs/openapi.json',
    '/docs/control-plane.json',
    '/docs/swagger-ui.css',
    '/docs/swagger-ui-bundle.js',
    '/docs/swagger-ui-standalone-preset.js',
    '/docs/favicon-32x32.png',
    '/docs/no-such-file.js',
  ];
  for (const path of paths) {
    const res = await fetch(`${mock.url}${path}`);
    await res.arrayBuffer();
    t.equal(res.headers.get('x-frame-options'), 'DENY', `${path}: X-Frame-Options`);
    t.equal(res.headers.get('content-security-policy'), "frame-ancestors 'none'", `${path}: CSP frame-ancestors`);
  }
});

/** How long the clock is watched after the click. */
const WATCH_MS = 3000;

const BAIT = (inbox: string, width: number, height: number) => `<!doctype html><meta charset="utf-8">
<style>body { margin: 0 } iframe { position: absolute; inset: 0; width: ${width}px; height: ${height}px; border: 0; opacity: 0.01 }</style>
<p>点击领取奖品</p><iframe src="${inbox}"></iframe>`;

t.test('a page on another port cannot frame the inbox: the click on its bait moves no clock', async (t) => {
  const mock = await startTestMock(t);
  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(15_000);
  const viewport = page.viewportSize()!;

  // Where +2小时 is when the inbox fills the window: the framed inbox would have it there too.
  await page.goto(`${mock.url}/__umc/ui/`);
  await page.locator('#live.on').waitFor();
  const button = (await page.locator('#advance-hours').boundingBox())!;

  const attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BAIT(`${mock.url}/__umc/ui/`, viewport.width, viewport.height)));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => attacker.close());
  const address = attacker.address();
  const attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  const fromFrame: string[] = [];
  page.on('request', (r) => {
    if (r.frame() !== page.mainFrame()) fromFrame.push(new URL(r.url()).pathname);
  });
  // Loaded: the bait and its frame, whatever the frame got.
  await page.goto(attackerUrl);
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
  await page.waitForTimeout(WATCH_MS);

  t.equal((await request(`${mock.url}/__umc/clock`)).json.offsetSeconds, 0, 'the clock did not move');
  t.same(fromFrame, ['/__umc/ui/'], 'the frame got the page refused, and asked for nothing else: no script, no control call');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  t.notOk(frame?.url().startsWith(mock.url), `the frame shows no page of the mock (${frame?.url()})`);
});

/** A page's localStorage and sessionStorage, each as JSON text. */
function storageOf(page: Page): Promise<{ local: string; session: string }> {
  return page.evaluate('({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) })');
}

t.test('/docs keeps Authorize\'s tokens in the tab: not in localStorage, back after a reload, gone in a new tab', async (t) => {
  const adminToken = 'docs-admin-token-1';
  const mock = await startTestMock(t, { adminToken });
  const browser = await openBrowser({ width: 1360, height: 1600 });
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(20_000);
  // What an earlier version of the page left there.
  await page.goto(`${mock.url}/docs/no-such-file.js`);
  await page.evaluate(`localStorage.setItem('authorized', '{"adminToken":{"value":"left-by-an-old-page"}}')`);

  await page.goto(`${mock.url}/docs`);
  await page.locator('#operations-send-sendMessageApi').waitFor();
  await page.fill('input[name=appId]', DEMO_APP.appId);
  await page.fill('input[name=appPassword]', DEMO_APP.appPassword);
  await page.click('.token-bar button');
  await page.locator('#token-status', { hasText: 'token' }).waitFor();
  const apiToken = (await page.locator('#token-status').textContent())!.match(/token (\S+?)（/)![1]!;
  let kept = await storageOf(page);
  t.notMatch(kept.local, apiToken, 'the platform token is not in localStorage');
  t.notMatch(kept.local, 'left-by-an-old-page', 'what an old page left there is gone');
  t.match(kept.session, apiToken, 'the platform token is in the tab\'s sessionStorage');

  await page.locator('.topbar select').selectOption({ index: 1 });
  await page.locator('#operations-default-health').waitFor();
  await page.locator('button.authorize').first().click();
  await page.fill('#auth-bearer-value', adminToken);
  await page.click('.auth-btn-wrapper button.authorize');
  await page.click('.auth-btn-wrapper button.btn-done');

  kept = await storageOf(page);
  t.notMatch(kept.local, adminToken, 'the admin token is not in localStorage');
  t.match(kept.session, adminToken, 'the admin token is in the tab\'s sessionStorage');
  t.match(kept.session, apiToken, 'beside the platform token: picking the other definition kept it');

  // The same tab, reloaded: still authorized, a control call from the page passes the token check.
  await page.reload();
  const health = page.locator('#operations-default-health');
  await health.locator('.opblock-summary').click();
  await health.locator('button.execute').click();
  const status = health.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor();
  t.equal((await status.textContent())?.trim(), '200', 'after a reload, Try it out carries the admin token');

  // Another tab of the same browser: nothing to read.
  const other = await browser.context.newPage();
  await other.goto(`${mock.url}/docs`);
  await other.locator('#operations-send-sendMessageApi').waitFor();
  kept = await storageOf(other);
  t.notMatch(kept.local + kept.session, adminToken, 'a new tab finds no admin token');
  t.notMatch(kept.local + kept.session, apiToken, 'nor the platform token');
  t.equal(await other.evaluate('JSON.stringify(ui.authSelectors.authorized())'), '{}', 'and is not authorized');
});

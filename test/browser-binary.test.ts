// The browser tests need no browser installed: a system Chromium when there is one, otherwise the build
// the @sparticuz/chromium package ships. The fallback is forced here so that every run proves it starts.
import t from 'tap';
import { chromium } from 'playwright-core';
import { findChromium } from './helpers/chromium-binary.js';
import { startTestMock } from './helpers/mock.js';

t.setTimeout(180_000);

t.test('UMC_CHROMIUM names the browser; a missing one is an error, not a silent fallback', async (t) => {
  const named = await findChromium({ UMC_CHROMIUM: process.execPath });
  t.same(named, { executablePath: process.execPath, env: {}, source: 'UMC_CHROMIUM' });
  await t.rejects(findChromium({ UMC_CHROMIUM: '/nonexistent/chromium' }), /no such file/);
});

t.test('UMC_BROWSER=bundled skips the system browsers', async (t) => {
  const bundled = await findChromium({ UMC_BROWSER: 'bundled' });
  t.equal(bundled.source, 'bundled');
  t.notMatch(bundled.executablePath, /^\/usr\//, 'not a system path');
  t.match(bundled.env.LD_LIBRARY_PATH, /umc-kit-chromium-/, 'its own NSS libraries, no system package needed');
});

t.test('the bundled browser starts under playwright-core and renders the dev inbox', async (t) => {
  const mock = await startTestMock(t);
  const bundled = await findChromium({ UMC_BROWSER: 'bundled' });
  // Only the package's libraries, as on a machine where no chromium package pulled them in.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...bundled.env };
  const browser = await chromium.launch({ executablePath: bundled.executablePath, env, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${mock.url}/__umc/ui/`);
  await page.locator('#live.on').waitFor({ timeout: 20_000 });
  t.match(await page.locator('#nav a[data-view=messages]').textContent(), /全部消息/);
});

// A burst of sends reaches the open inbox whole: 400 messages sent 16 at a time, counted on the
// page without reloading it. The page re-reads what events name through ?ids= in chunks of 200;
// the route once answered 100 of each chunk (its default limit), and the page showed 200 of 400.
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { sendParams } from './helpers/messaging.js';
import { getToken, postForm, startTestMock } from './helpers/mock.js';

t.setTimeout(180_000);

const BURST = 400;
const CONCURRENCY = 16;
/** From the last send answered to every message on the page. */
const SHOWN_WITHIN_MS = 20_000;

t.test(`${BURST} sends at concurrency ${CONCURRENCY} all appear on the open page`, async (t) => {
  const mock = await startTestMock(t);
  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  await page.goto(`${mock.url}/__umc/ui/`);
  await page.locator('#live.on').waitFor();
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

  const token = await getToken(mock.url);
  const sent: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < BURST) {
      const n = next++;
      const res = await postForm(`${mock.url}/message/sendMessageApi`, sendParams(token, { msgtitle: `通知 ${n}` }));
      if (res.json?.rspCode !== '000000') throw new Error(`send ${n} refused: ${res.text}`);
      sent.push(res.json.resultData.msgId);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  t.equal(sent.length, BURST, 'every send accepted');

  const start = Date.now();
  await page.locator('#nav a[data-view=messages] .count', { hasText: new RegExp(`^${BURST}$`) }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.pass(`the count says ${BURST}, ${Date.now() - start} ms after the last send`);
  // 50 drawn, the rest behind "show more": opened page by page, every message sent is there once.
  while (await page.locator('button.show-more').count()) await page.click('button.show-more');
  const shown = await page.locator('article.message').evaluateAll((els) => els.map((el) => el.getAttribute('data-msgid')));
  t.equal(shown.length, BURST, `${BURST} messages drawn`);
  t.same(new Set(shown), new Set(sent), 'each one sent, each once');
  t.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'never reloaded');
});

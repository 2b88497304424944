// With --admin-token the dev inbox asks for the token once per browser session, not once per request.
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { startTestMock } from './helpers/mock.js';

t.setTimeout(120_000);

t.test('one prompt for the seven parallel reads, none after a reload in the same session', async (t) => {
  const mock = await startTestMock(t, { adminToken: 'inbox-admin-token-1' });
  const browser = await openBrowser();
  t.teardown(browser.close);
  const { page } = browser;
  page.setDefaultTimeout(15_000);
  const prompts: string[] = [];
  page.on('dialog', (dialog) => {
    prompts.push(dialog.type());
    void dialog.accept('inbox-admin-token-1');
  });
  await page.goto(`${mock.url}/__umc/ui/`);
  await page.locator('#live.on').waitFor();
  await page.locator('#main .empty', { hasText: '还没有消息' }).waitFor();
  t.same(prompts, ['prompt'], 'asked once');
  await page.reload();
  await page.locator('#live.on').waitFor();
  await page.locator('#main .empty', { hasText: '还没有消息' }).waitFor();
  t.same(prompts, ['prompt'], 'not asked again in the same session');
});

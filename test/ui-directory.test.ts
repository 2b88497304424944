// The dev inbox on a directory of 30,000 people (large-org), in real headless Chromium: a live event
// never re-reads the directory, the people column draws one page, the search box finds people.
import t from 'tap';
import type { Page } from 'playwright-core';
import { openBrowser } from './helpers/browser.js';
import { advance, receivers, sent } from './helpers/messaging.js';
import { getToken, postJson, startTestMock } from './helpers/mock.js';
import { loadScenario } from '../src/store/scenarios.js';

t.setTimeout(240_000);

const mock = await startTestMock(t, { scenario: loadScenario('large-org', { seed: 7 }) });
const people = mock.platform.messaging.people();
const token = await getToken(mock.url);

/** The inbox opened at `hash`, once its directory has arrived. */
async function openInbox(t: { teardown(fn: () => unknown): void }, hash = '') {
  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(30_000);
  await page.goto(`${mock.url}/__umc/ui/${hash}`);
  await page.locator('#live.on').waitFor();
  // The directory comes a page (1 MiB) at a time: all of it.
  await page.waitForFunction(`state.data.users.length === ${people.length}`);
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
  return page;
}

/** Every request the page makes from now on. */
function requestsOf(page: Page): URL[] {
  const seen: URL[] = [];
  page.on('request', (req) => seen.push(new URL(req.url())));
  return seen;
}

t.test('a send, its delivery and a person unsubscribing: the page reads what changed, never the whole directory', async (t) => {
  const page = await openInbox(t);
  const seen = requestsOf(page);
  const deep = people[25_000]!.userId;
  const msgId = await sent(mock.url, token, { msgtitle: '三万人目录中的一条通知', receivers: receivers(deep) });
  const card = page.locator(`article.message[data-msgid="${msgId}"]`);
  await card.waitFor();
  t.match(await card.locator(`tr[data-user="${deep}"]`).textContent(), people[25_000]!.name, 'the receiver, named');
  await advance(mock.url, 5);
  await card.locator(`tr[data-user="${deep}"] [data-status="delivered"]`).waitFor();

  const unsubscribed = page.waitForRequest((req) => new URL(req.url()).searchParams.get('ids') === deep && new URL(req.url()).pathname === '/__umc/users');
  t.equal((await postJson(`${mock.url}/__umc/users/${deep}/unsubscribe`, { appId: 'MSG123456' })).status, 200);
  await unsubscribed;
  t.pass('a person who unsubscribed is read again by id');

  const paths = seen.map((url) => `${url.pathname}${url.search}`);
  t.same(paths.filter((p) => p === '/__umc/users' || p.startsWith('/__umc/users?') && !p.includes('ids=')), [], 'the whole directory was never read again');
  t.ok(paths.includes(`/__umc/messages?ids=${msgId}`), 'the new message was read by its id');
  t.notOk(paths.some((p) => p.startsWith('/__umc/messages?limit')), 'the message list was not read again');
  t.ok(seen.length <= 16, `a handful of small requests (${seen.length}: ${paths.join(' ')})`);
  t.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'never reloaded');
});

t.test('the people column draws 100 of 30,000, receivers first; the search box finds a person by id and by name', async (t) => {
  const receiver = people[28_123]!;
  await sent(mock.url, token, { msgtitle: '给列表末尾的人', receivers: receivers(receiver.userId) });
  await advance(mock.url, 5);
  const page = await openInbox(t, '#/portal');
  const column = page.locator('.people');
  await column.locator('.person').first().waitFor();
  t.equal(await column.locator('.person').count(), 100, 'one page of people');
  t.equal(await column.locator('.people-range').textContent(), `1–100／共${people.length}人`);
  t.equal(await column.locator(`.person[data-user="${receiver.userId}"]`).count(), 1, 'people with mail come first: the 28,124th is on the first page');

  await column.locator('button.next-people').click();
  t.equal(await column.locator('.people-range').textContent(), `101–200／共${people.length}人`);
  t.equal(await column.locator('.person').count(), 100);

  const wanted = people[20_000]!;
  await page.fill('.people-search', wanted.userId);
  await column.locator(`.person[data-user="${wanted.userId}"]`).waitFor();
  t.equal(await column.locator('.person').count(), 1, 'by userId: that one person');
  await page.press('.people-search', 'Enter');
  await page.locator('.mailbox .chat-head', { hasText: wanted.name }).waitFor();
  t.pass('Enter opens the person found');

  await page.fill('.people-search', wanted.name);
  await column.locator(`.person[data-user="${wanted.userId}"]`).waitFor();
  const names = await column.locator('.person .person-name').allTextContents();
  t.ok(names.length >= 1 && names.every((text) => text.includes(wanted.name)), `by name: only people named ${wanted.name}`);

  await page.fill('.people-search', '没有这个人');
  t.equal(await column.locator('.empty').textContent(), '没有找到这个人。');
  t.equal(await column.locator('.person').count(), 0);

  await page.click('#lang');
  t.equal(await page.getAttribute('.people-search', 'placeholder'), 'Search people: ID or name', 'in English too');
});

t.test('a message to 120 people lists 50 of them and says how many more', async (t) => {
  const page = await openInbox(t);
  const msgId = await sent(mock.url, token, { msgtitle: '致一百二十人', receivers: receivers(...people.slice(100, 220).map((p) => p.userId)) });
  const card = page.locator(`article.message[data-msgid="${msgId}"]`);
  await card.waitFor();
  t.equal(await card.locator('tr[data-user]').count(), 50);
  // Those who unsubscribed from the app are not receivers.
  const total = mock.platform.messaging.message(msgId)!.recipientSummary.total;
  t.ok(total > 100);
  t.match(await card.locator('.more-receivers').textContent(), `还有${total - 50}名接收人`);
  t.match(await card.locator('.progress').textContent(), `/${total}`, 'the progress counts every receiver, not the rows drawn');

  // The rest come from /__umc/messages/{msgId}/recipients, a page at a time.
  const paged = page.waitForRequest((req) => new URL(req.url()).pathname === `/__umc/messages/${msgId}/recipients`);
  await card.locator('button.show-receivers').click();
  t.equal(new URL((await paged).url()).searchParams.get('offset'), '50');
  await card.locator(`tr[data-user]:nth-child(${total})`).waitFor();
  t.equal(await card.locator('tr[data-user]').count(), total, 'every receiver, once');
  t.equal(await card.locator('.more-receivers').count(), 0, 'nothing left to show');
});

t.test("a receiver past the rows a message view carries still finds it in their own views", async (t) => {
  const receiversOf = people.slice(300, 420).filter((p) => !(p.unsubscribedApps ?? []).includes('MSG123456'));
  const last = receiversOf.findLast((p) => p.wecomId)!;
  t.ok(receiversOf.indexOf(last) >= 50, 'a receiver past the first 50');
  const msgId = await sent(mock.url, token, { msgtitle: '给第一百多位接收人', sendChannel: 'Portal,WeChat', receivers: receivers(...receiversOf.map((p) => p.userId)) });
  await advance(mock.url, 5);
  const view = (await (await fetch(`${mock.url}/__umc/messages/${msgId}`)).json()) as { recipients: { user: string }[] };
  t.notOk(view.recipients.some((r: { user: string }) => r.user === last.userId), 'the view carries the first 50 rows, not theirs');
  const page = await openInbox(t, '#/portal');
  const rows = page.waitForRequest((req) => new URL(req.url()).searchParams.get('userId') === last.userId);
  await page.fill('.people-search', last.userId);
  await page.press('.people-search', 'Enter');
  await rows;
  await page.locator(`.mailbox-item[data-msgid="${msgId}"]`).waitFor();
  t.pass('the 站内信 mailbox shows it, read by the person\'s own rows');
  await page.click('nav [data-view="wecom"]');
  await page.locator(`.chat-row[data-msgid="${msgId}"]`).waitFor();
  t.pass('and the WeCom chat');
});

// An HTML body (mail, 站内信) is shown without touching the network: its addresses resolve against
// the mock, and each fetch would be an API call, journalled, whose event redraws the page, which
// showed the body again in a new frame: 22 to 27 journalled requests a second per open tab,
// forever, and with a 5.1.1 URL as an image a token each time. The body's frame is sandboxed, has
// a policy that lets it load nothing but data: images and inline styles, and survives redraws.
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { advance, receivers, sent } from './helpers/messaging.js';
import { DEMO_APP, getToken, request, startTestMock } from './helpers/mock.js';

t.setTimeout(180_000);

const TOKEN_URL = `/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&amp;appPassword=${DEMO_APP.appPassword}`;
/** Every way an HTML body can ask for something on loading, each at a path of its own. */
const ATTACK_BODY = [
  '<p class="greeting">各位老师好</p>',
  '<img src="/logo.png">',
  `<img src="${TOKEN_URL}">`,
  '<img srcset="/srcset.png 2x">',
  '<picture><source srcset="/source.png"><img alt=""></picture>',
  '<div style="background:url(/inline-bg.png)">背景</div>',
  '<style>@import "/import.css"; body { background: url(/style-bg.png) } @font-face { font-family: x; src: url(/font.woff) } p { font-family: x }</style>',
  '<link rel="stylesheet" href="/link.css"><link rel="prefetch" href="/prefetch"><link rel="preload" as="image" href="/preload.png">',
  '<meta http-equiv="refresh" content="0;url=/refresh">',
  '<iframe src="/nested"></iframe><object data="/object"></object><embed src="/embed">',
  '<video poster="/poster.png" src="/video.mp4" autoplay></video><audio src="/audio.mp3" autoplay></audio>',
  '<svg><image href="/svg.png" width="10" height="10"/></svg>',
  '<input type="image" src="/input.png">',
  '<script src="/script.js"></script><script>fetch("/inline-script")</script>',
  '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" class="inline-image">',
].join('\n');

/** How long the page is watched on each view: the loop this replays made 22 requests a second. */
const WATCH_MS = 3000;

async function lastJournalId(base: string): Promise<number> {
  return (await request(`${base}/__umc/requests?limit=1`)).json.requests[0]?.id ?? 0;
}

t.test('an HTML body with addresses on the mock causes no request when shown, in mail and 站内信', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await sent(mock.url, token, { msgtitle: '图文通知', msgType: '0', msgContent: ATTACK_BODY, sendChannel: 'Mail,Portal', receivers: receivers('20230001') });
  await advance(mock.url, 5);

  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(15_000);
  for (const view of ['mail', 'portal']) {
    const before = await lastJournalId(mock.url);
    const sentByFrame: string[] = [];
    const listener = (r: { url(): string; frame(): { parentFrame(): unknown } }) => {
      if (r.frame().parentFrame()) sentByFrame.push(r.url());
    };
    page.on('requestfinished', listener);
    await page.goto(`${mock.url}/__umc/ui/#/${view}`);
    await page.locator('#live.on').waitFor();
    const body = page.frameLocator(`iframe.mail-body`);
    t.equal(await body.locator('p.greeting').textContent(), '各位老师好', `${view}: the body is shown`);
    t.equal(await body.locator('img.inline-image').evaluate((img) => img.complete && img.naturalWidth), 1, `${view}: a data: image is shown`);
    await page.waitForTimeout(WATCH_MS);
    page.off('requestfinished', listener);
    const journalled = (await request(`${mock.url}/__umc/requests?afterId=${before}`)).json.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`);
    t.same(journalled, [], `${view}: nothing journalled in ${WATCH_MS} ms of showing the body`);
    t.same(sentByFrame, [], `${view}: the frame loaded nothing`);
    t.same(page.frames().filter((f) => f !== page.mainFrame() && f.url().startsWith(mock.url)).map((f) => f.url()), [], `${view}: no frame shows a page of the mock (no refresh, no nested page)`);
  }
});

t.test('redraws keep the body\'s frame: it is loaded once, however many events come', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await sent(mock.url, token, { msgtitle: '图文通知', msgType: '0', msgContent: '<p class="greeting">各位老师好</p>', sendChannel: 'Mail', receivers: receivers('20230001') });
  await advance(mock.url, 5);

  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.goto(`${mock.url}/__umc/ui/#/mail`);
  await page.locator('#live.on').waitFor();
  await page.frameLocator('iframe.mail-body').locator('p.greeting').waitFor();
  const frame = page.locator('iframe.mail-body');
  await frame.evaluate((el) => (el.kept = true));
  let framesLoaded = 0;
  page.on('framenavigated', (frame) => frame.parentFrame() && framesLoaded++);

  // Sends to someone else, their deliveries and a clock move: each event redraws the page.
  for (let i = 0; i < 5; i++) await sent(mock.url, token, { msgtitle: `另一条 ${i}`, sendChannel: 'Mail', receivers: receivers('20230002') });
  await advance(mock.url, 5);
  await page.locator('#nav a[data-view=messages] .count', { hasText: /^6$/ }).waitFor();
  await page.locator('.person[data-user="20230002"]').waitFor();
  t.equal(await frame.evaluate((el) => el.kept), true, 'the same frame element');
  t.equal(framesLoaded, 0, 'the frame was not loaded again');
  t.equal(await page.frameLocator('iframe.mail-body').locator('p.greeting').textContent(), '各位老师好', 'and still shows the body');

  // Another mail opened: its own body, in a frame of its own.
  await page.click('.person[data-user="20230002"]');
  await page.frameLocator('iframe.mail-body').locator('body', { hasText: '请各位同学按时参加期末考试' }).waitFor();
  t.equal(framesLoaded, 1, 'another body loads once');
});

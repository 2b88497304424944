// The dev inbox holds at 800, 1100 and 1360 px in both languages: the navigation wraps instead of being
// clipped, times and counts never break inside; a person without a mobile gets no phone; the journal shows
// each call's duration and answer and can be searched.
import t from 'tap';
import type { Page } from 'playwright-core';
import { openBrowser } from './helpers/browser.js';
import { advance, receivers, replyTo, sent } from './helpers/messaging.js';
import { getToken, postForm, postJson, request, startTestMock } from './helpers/mock.js';
import { sendTemplate, templateBody } from './helpers/wechat.js';
import { smallProfileChoices } from './helpers/profile.js';

t.setTimeout(300_000);

const VIEWS = ['messages', 'sms', 'wecom', 'dingtalk', 'mail', 'portal', 'wechat', 'journal'];

/**
 * What a reader would see wrong on the current view: a clipped nav link, a time broken across lines, a
 * page wider than the window. Page-side JavaScript, kept as text (the test's TypeScript has no DOM types).
 */
const LAYOUT_FAULTS = `(() => {
  const faults = [];
  const width = document.documentElement.clientWidth;
  const nav = document.getElementById('nav');
  if (nav.scrollWidth > nav.clientWidth + 1) faults.push('nav scrolls (' + nav.scrollWidth + ' > ' + nav.clientWidth + ')');
  for (const a of nav.querySelectorAll('a')) {
    const r = a.getBoundingClientRect();
    if (r.width === 0 || r.left < 0 || r.right > width + 1) faults.push('nav link ' + a.textContent + ' outside the window');
  }
  if (document.documentElement.scrollWidth > width + 1) faults.push('page wider than the window (' + document.documentElement.scrollWidth + ' > ' + width + ')');
  for (const el of document.querySelectorAll('.time, .segments, .badge, .mono, #clock, #profile')) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1) faults.push('"' + el.textContent + '" breaks across ' + tops.size + ' lines');
  }
  return faults;
})()`;

function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(LAYOUT_FAULTS);
}

t.test('every view at 800, 1100 and 1360 px, in Chinese and English', async (t) => {
  // Under a deployment profile: the header's widest form, its badge included.
  const mock = await startTestMock(t, { profile: smallProfileChoices('profiles/staging-2026-12.json') });
  const token = await getToken(mock.url);
  // 20230008 unsubscribed from the app: 全部消息 shows him left out; 20230001 replies (one reply taken by 5.2.3, one waiting).
  const exam = await sent(mock.url, token, { msgtitle: '关于2027年春季学期期末考试时间安排的通知', msgContent: '各位同学：2027年1月15日17:00起进行期末考试，请提前30分钟到达考场，携带学生证与身份证。'.repeat(2), sendChannel: 'SMS,Portal,Mail,WeChat,DingTalk', isReply: '1', receivers: receivers('20230001', '20230002', '20230003', '20230008') });
  await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '〖教务处〗您的补考申请已受理，考试时间2027-01-20 09:00，地点教学楼A302。', receivers: '[{"name":"李四","mobile":"13912345678"}]' });
  await sendTemplate(mock.url, templateBody(token, { messageType: '2' }));
  await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001|nobody', title: '关于2027年春季学期期末考试考场调整的卡片通知', description: '<div class="gray">2027年01月10日</div><div class="highlight">请于1月12日前确认新的考场安排</div>', url: 'https://www.example.edu.cn/exam' });
  await advance(mock.url, 10);
  await replyTo(mock.url, '20230001', exam, '收到，请问考试可以带计算器吗？我还想确认一下考场是否调整到了教学楼A302。');
  await postForm(`${mock.url}/message/replyMessage`, { token });
  await replyTo(mock.url, '20230001', exam, '好的，谢谢老师。');
  for (const width of [800, 1100, 1360]) {
    const browser = await openBrowser({ width, height: 900 });
    t.teardown(browser.close);
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    await page.goto(`${mock.url}/__umc/ui/`);
    await page.locator('#live.on').waitFor();
    await page.locator('article.message').first().waitFor();
    for (const lang of ['zh', 'en']) {
      if (lang === 'en') await page.click('#lang');
      for (const view of VIEWS) {
        await page.click(`#nav a[data-view=${view}]`);
        await page.locator(`#main[data-view=${view}]`).waitFor();
        const person = page.locator('.person').first();
        if (await person.count()) await person.click();
        t.same(await layoutFaults(page), [], `${width} px, ${lang}, ${view}`);
      }
    }
    await browser.close();
  }
});

t.test('a person without a mobile gets no phone; the journal shows duration and answer, and searches', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const users = (await request(`${mock.url}/__umc/users`)).json.users as { userId: string; name: string; mobile?: string | null }[];
  const noMobile = users.find((u) => u.userId === '20230003')!;
  t.notOk(noMobile.mobile, '20230003 has no mobile in the default scenario');
  await sent(mock.url, token, { sendChannel: 'SMS', receivers: receivers('20230001', '20230003') });
  await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '〖教务处〗补考通知', receivers: '[{"name":"李四","mobile":"13912345678"}]' });
  await advance(mock.url, 10);

  const browser = await openBrowser();
  t.teardown(browser.close);
  const { page } = browser;
  page.setDefaultTimeout(15_000);
  await page.goto(`${mock.url}/__umc/ui/#/sms`);
  await page.locator('.phone[data-phone="13912345678"]').waitFor();
  const phones = await page.locator('.phone').evaluateAll((els) => els.map((el) => el.getAttribute('data-phone')));
  t.ok(phones.length >= 2 && phones.every((p) => /^\d{11}$/.test(p ?? '')), `one phone per number: ${phones.join(', ')}`);
  t.equal(await page.locator('.phone', { hasText: noMobile.name }).count(), 0, `no phone for ${noMobile.name}`);

  await page.click('#nav a[data-view=journal]');
  await page.locator('.journal tr.entry').first().waitFor();
  t.match(await page.locator('.journal tr.entry td.duration').first().textContent(), /^\d+(\.\d+)? ms$/, 'the duration');
  await page.fill('.journal-search', 'sendMessageBySMSApi');
  const visible = page.locator('.journal tr.entry:not([hidden])');
  t.equal(await visible.count(), 1, 'only the SMS call is left');
  t.match(await visible.textContent(), '5.3.2');
  await page.fill('.journal-search', '13912345678 〖教务处〗');
  t.equal(await visible.count(), 1, 'words are looked for in the parameters, all of them');
  await page.fill('.journal-search', '');
  t.ok((await visible.count()) >= 3, 'an empty search shows every call');
  await page.locator('.journal tr.entry', { hasText: '5.3.2' }).click();
  const answer = page.locator('.journal tr.params .answer');
  t.match(await answer.textContent(), /"rspCode": "1"[\s\S]*"msgId"/, 'the answer as sent');
  await page.locator('.journal tr.entry', { hasText: '5.1.1' }).first().click();
  t.match(await page.locator('.journal tr.params .answer').last().textContent(), '"token": "***"', 'the token masked in the answer');
});

// The dev inbox shows the whole conversation (issue 25), in real headless Chromium: a person's reply in the
// WeCom, DingTalk and 站内信 views, waiting for 5.2.3 and then taken by it, with its times; 全部消息 with
// template messages, cards and the receivers a send left out; a journal row opening what its call
// created; and no view printing a stray null or undefined.
import t from 'tap';
import type { Page } from 'playwright-core';
import { openBrowser } from './helpers/browser.js';
import { advance, receivers, replyTo, sent } from './helpers/messaging.js';
import { getToken, postForm, postJson, request, startTestMock } from './helpers/mock.js';
import { ACCOUNTS, TEMPLATES, sendTemplate, templateBody } from './helpers/wechat.js';

// A real browser per subtest: allow more than the suite-wide 60 s on a loaded two-core machine.
t.setTimeout(240_000);

async function openInbox(t: { teardown(fn: () => unknown): void }, url: string, hash = '') {
  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/__umc/ui/${hash}`);
  await page.locator('#live.on').waitFor();
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
  return page;
}

/** Opens a view from the navigation, and waits until it is the one drawn. */
async function go(page: Page, view: string) {
  await page.click(`#nav a[data-view=${view}]`);
  await page.locator(`main[data-view=${view}]`).waitFor();
}

/** The person's reply as each view draws it: the chat's bubble, or the 站内信 thread's entry. */
function replyIn(page: Page, view: 'chat' | 'portal', msgId: string, state: 'pending' | 'pulled') {
  return view === 'chat' ? page.locator(`.chat-row.mine[data-reply-msgid="${msgId}"][data-reply-state="${state}"]`) : page.locator(`.mail-read .thread-reply[data-reply-state="${state}"]`);
}

t.test('a reply shows in the WeCom, DingTalk and 站内信 views: waiting for 5.2.3, then taken by it, with both times', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { msgtitle: '关于期末考试安排的通知', isReply: '1', sendChannel: 'Portal,WeChat,DingTalk', receivers: receivers('20230001') });
  await advance(mock.url, 5);
  const page = await openInbox(t, mock.url, '#/wecom');
  await page.click('.person[data-user="20230001"]');
  await page.locator(`.chat-row[data-msgid="${msgId}"]`).waitFor();

  // 张三 answers outside the page: it appears live, waiting for the app.
  t.equal((await replyTo(mock.url, '20230001', msgId, '收到，我会按时参加。')).status, 200);
  const [listed] = (await request(`${mock.url}/__umc/replies?userId=20230001`)).json.replies;
  const pendingChecks = async (view: 'chat' | 'portal', where: string) => {
    const reply = replyIn(page, view, msgId, 'pending');
    await reply.waitFor();
    const text = await reply.textContent();
    t.match(text, '收到，我会按时参加。', `${where}: the reply`);
    t.match(text, listed.time, `${where}: when it was written`);
    t.match(text, '待业务系统获取（5.2.3）', `${where}: not taken yet`);
  };
  await pendingChecks('chat', 'WeCom');
  t.match(await replyIn(page, 'chat', msgId, 'pending').textContent(), '回复「关于期末考试安排的通知」', 'the message it answers');
  await go(page, 'dingtalk');
  await pendingChecks('chat', 'DingTalk');
  await go(page, 'portal');
  await page.click(`.mailbox-item[data-msgid="${msgId}"]`);
  await pendingChecks('portal', '站内信');

  // The app takes it with 5.2.3: every view says so, with when.
  const taken = await postForm(`${mock.url}/message/replyMessage`, { token });
  t.equal(taken.json.resultData.length, 1);
  const [pulled] = (await request(`${mock.url}/__umc/replies?state=pulled`)).json.replies;
  const pulledChecks = async (view: 'chat' | 'portal', where: string) => {
    const reply = replyIn(page, view, msgId, 'pulled');
    await reply.waitFor();
    const text = await reply.textContent();
    t.match(text, '收到，我会按时参加。', `${where}: still shown once taken`);
    t.match(text, listed.time, `${where}: when it was written`);
    t.match(text, `已被5.2.3获取 ${pulled.pulledTime}`, `${where}: when 5.2.3 took it`);
    t.equal(await replyIn(page, view, msgId, 'pending').count(), 0, `${where}: nothing left waiting`);
  };
  await pulledChecks('portal', '站内信');
  await go(page, 'wecom');
  await pulledChecks('chat', 'WeCom');
  await go(page, 'dingtalk');
  await pulledChecks('chat', 'DingTalk');

  // A reply typed in the chat joins the conversation at once, waiting for the app.
  await page.fill(`.chat-row[data-msgid="${msgId}"] textarea.reply-input`, '请问可以带计算器吗？');
  await page.click(`.chat-row[data-msgid="${msgId}"] .reply-send`);
  await page.locator('.chat-row.mine[data-reply-state="pending"]', { hasText: '请问可以带计算器吗？' }).waitFor();
  t.equal(await page.locator(`.chat-row.mine[data-reply-msgid="${msgId}"]`).count(), 2, 'both replies, in order');
  t.match(await page.locator('.chat-row.mine').last().textContent(), '请问可以带计算器吗？', 'the newest last');
  t.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'never reloaded');
});

t.test('全部消息 lists template messages and cards; a journal row opens what its call created, further down too', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  // 郑十 (20230008) unsubscribed from the app in the default scenario: the message remembers him.
  const first = await postForm(`${mock.url}/message/sendMessageApi`, { token, msgtitle: '最早的一条', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: receivers('20230001', '20230008') });
  const msgId = first.json.resultData.msgId;
  const template = await sendTemplate(mock.url, templateBody(token, { userId: 'T0002', messageType: '2', publicId: ACCOUNTS.main, templateId: TEMPLATES.approval }));
  const messageId = template.json.resultData.messageId;
  await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001|nobody', title: '获奖通知', description: '<div class="highlight">请于6月20日前领取</div>', url: 'https://www.example.edu.cn/prize' });
  const cardId = (await request(`${mock.url}/__umc/cards`)).json.items[0].cardId;
  // Enough newer messages that the first one is past the 50 drawn at first.
  for (let i = 0; i < 60; i++) await sent(mock.url, token, { msgtitle: `后来的通知${i}` });
  await advance(mock.url, 5);

  const page = await openInbox(t, mock.url);
  await page.locator('article.message').first().waitFor();
  t.equal(await page.locator(`[data-item="${msgId}"]`).count(), 0, 'the first message is past the first page');
  t.equal(await page.locator('#nav a[data-view=messages] .count').textContent(), '63', 'the count takes in the template message and the card');

  const opened = async (id: string, name: string) => {
    await go(page, 'journal');
    const link = page.locator(`a.msg-link[href="#/messages/${encodeURIComponent(id)}"]`);
    await link.click();
    const item = page.locator(`[data-item="${id}"].focused`);
    await item.waitFor();
    t.equal(await page.locator('#nav a.active').getAttribute('data-view'), 'messages', `${name}: 全部消息 opened`);
    // Page-side JavaScript as text (the test's TypeScript has no DOM types).
    await page.waitForFunction(`(() => { const r = document.querySelector('[data-item="${id}"]').getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; })()`);
    t.pass(`${name}: scrolled into view`);
    return item;
  };
  const message = await opened(msgId, '5.3.1');
  t.match(await message.locator('h3').textContent(), '最早的一条');
  const left = message.locator('tr.left-out[data-unsubscribed="20230008"]');
  t.match(await left.textContent(), /郑十.*20230008.*已退订此应用/, 'the receiver the send left out, with why');
  t.match(await message.locator('.left-out-head').textContent(), '未发送：1人已退订此应用');
  const templateItem = await opened(messageId, '5.3.3');
  t.match(await templateItem.textContent(), /待办审批提醒.*模板消息.*5\.3\.3/);
  t.match(await templateItem.locator('.wechat-text').textContent(), '业务系统：OA办公系统');
  const cardItem = await opened(cardId, '5.3.4');
  t.match(await cardItem.textContent(), /获奖通知.*卡片消息.*5\.3\.4/);
  t.match(await cardItem.textContent(), /已跳过\s*nobody/, 'the account WeCom does not know');
  t.equal(await cardItem.locator('.card-highlight').textContent(), '请于6月20日前领取');
  t.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'never reloaded');
});

/**
 * Text a reader sees that says null or undefined: the page's text (the journal's parameters and answer
 * are JSON as it was sent, where a null is the answer's own: left out) and what its attributes show on
 * hover or in empty fields. Page-side JavaScript, kept as text (the test's TypeScript has no DOM types).
 */
const STRAY_TEXT = `(() => {
  const copy = document.body.cloneNode(true);
  for (const el of copy.querySelectorAll('tr.params, script, textarea, iframe')) el.remove();
  const found = [];
  const text = copy.textContent.replace(/\\s+/g, ' ');
  for (const m of text.matchAll(/.{0,30}(null|undefined|NaN|\\[object Object\\]).{0,30}/gi)) found.push('text: ' + m[0]);
  for (const el of document.body.querySelectorAll('*')) {
    for (const name of ['title', 'placeholder', 'aria-label', 'alt', 'href', 'value']) {
      const value = el.getAttribute(name);
      if (value !== null && /null|undefined|NaN|\\[object Object\\]/i.test(value)) found.push(el.tagName + ' ' + name + '=' + value);
    }
  }
  return found;
})()`;

t.test('no view shows a stray null or undefined, with data in every one of them, in both languages', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const exam = await sent(mock.url, token, { msgtitle: '关于期末考试安排的通知', msgType: '0', msgContent: '<p>请按时参加考试。</p>', isReply: '1', sendChannel: 'Portal,SMS,WeChat,Mail,DingTalk', receivers: receivers('20230001', '20230003', '20230008') });
  await sent(mock.url, token, { msgtitle: '请审批：李四的请假申请', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/1', sendChannel: 'Portal,WeChat', receivers: receivers('20230001') });
  await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '〖教务处〗补考时间已公布。', receivers: JSON.stringify([{ name: '校外考生', mobile: '18612345678' }, { mobile: '1861234' }]) });
  await sendTemplate(mock.url, templateBody(token, { messageType: '2' }));
  await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001|nobody', title: '获奖通知', description: '恭喜', url: 'https://www.example.edu.cn/prize' });
  await postForm(`${mock.url}/message/sendMessageApi`, { token, msgType: '1', msgContent: '缺少标题', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: receivers('20230001') });
  await advance(mock.url, 5);
  await replyTo(mock.url, '20230001', exam, '收到');
  await postForm(`${mock.url}/message/replyMessage`, { token });
  await replyTo(mock.url, '20230001', exam, '还有一个问题');

  const page = await openInbox(t, mock.url);
  await page.locator('article.message').first().waitFor();
  // What each view is opened to: a person with something there, an item open.
  const views: [string, () => Promise<unknown>][] = [
    ['messages', () => page.locator(`article.message[data-msgid="${exam}"] tr.left-out`).waitFor()],
    ['sms', () => page.locator('.phone[data-phone="18612345678"]').waitFor()],
    ['wecom', async () => {
      await page.click('.person[data-user="20230001"]');
      await page.locator('.wecom-card').waitFor();
      await page.locator('.chat-row.mine[data-reply-state="pulled"]').waitFor();
    }],
    ['dingtalk', async () => {
      await page.click('.person[data-user="20230001"]');
      await page.locator('.chat-row.mine[data-reply-state="pending"]').waitFor();
    }],
    ['mail', async () => {
      await page.click('.person[data-user="20230001"]');
      await page.locator('.mail-read iframe.mail-body').waitFor();
    }],
    ['portal', async () => {
      await page.click('.person[data-user="20230001"]');
      await page.click(`.mailbox-item[data-msgid="${exam}"]`);
      await page.locator('.mail-read .thread-reply').first().waitFor();
    }],
    ['wechat', () => page.locator('.wechat-msg').waitFor()],
    ['journal', async () => {
      // Opened once: a second click would close it.
      if ((await page.locator('tr.params').count()) === 0) await page.locator('tr.entry.bad').first().click();
      await page.locator('tr.params').waitFor();
    }],
  ];
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.click('#lang');
    for (const [view, ready] of views) {
      await go(page, view);
      await ready();
      t.same(await page.evaluate(STRAY_TEXT), [], `${view} (${lang})`);
    }
  }
  // The check itself: a people column drawn with a null among its children would have printed "null".
  await go(page, 'portal');
  await page.evaluate(`document.querySelector('.people-list').replaceChildren(null)`);
  t.match(await page.evaluate(STRAY_TEXT), [/text: .*null/], 'what the check catches');
});

// The dev inbox as a person uses it, in real headless Chromium (test/helpers/chromium-binary.ts): what an API call
// sent appears without a reload, the person's actions on the page reach the integrator's API.
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { advance, receivers, sent, userList } from './helpers/messaging.js';
import { DEMO_APP, getToken, postForm, postJson, request, startTestMock } from './helpers/mock.js';
import { smallProfileChoices } from './helpers/profile.js';
import { ACCOUNTS, TEMPLATES, sendTemplate, templateBody } from './helpers/wechat.js';

// A real browser per subtest: allow more than the suite-wide 60 s on a loaded two-core machine.
t.setTimeout(240_000);

async function openInbox(t: { teardown(fn: () => unknown): void }, url: string) {
  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/__umc/ui/`);
  await page.locator('#live.on').waitFor();
  // A mark that a reload would wipe: the page must update itself.
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
  return page;
}

t.test('a message sent through the API appears live; a reply typed on the page comes back through 5.2.3', async (t) => {
  const mock = await startTestMock(t);
  const page = await openInbox(t, mock.url);
  t.match(await page.locator('#nav a[data-view=messages]').textContent(), /全部消息/, 'Chinese by default');
  t.match(await page.locator('main').textContent(), /还没有消息/);

  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { msgtitle: '关于期末考试安排的通知', isReply: '1', sendChannel: 'Portal,SMS', receivers: receivers('20230001', '20230003') });
  const card = page.locator(`article.message[data-msgid="${msgId}"]`);
  await card.waitFor();
  t.match(await card.locator('h3').textContent(), '关于期末考试安排的通知');
  t.match(await card.textContent(), /示例业务系统 \(MSG123456\)/, 'the sending app');
  t.match(await card.textContent(), /站内信.*短信/, 'the channels');
  t.equal(await page.locator('#profile').isHidden(), true, 'no deployment profile, no badge');

  // Delivery moves on the platform clock; the page follows without being asked.
  await advance(mock.url, 5);
  await card.locator('tr[data-user="20230001"] [data-status="delivered"]').waitFor();
  await card.locator('tr[data-user="20230003"] [data-status="failed"]').waitFor();
  t.match(await card.locator('tr[data-user="20230003"] .cause').textContent(), '短信发送失败！未绑定手机号！', 'a failure shows its cause');
  t.equal(await card.locator('[data-state]').getAttribute('data-state'), '1', 'finished');

  // 张三 replies from his Portal mailbox.
  await page.click('#nav a[data-view=portal]');
  await page.click('.person[data-user="20230001"]');
  await page.click(`.mailbox-item[data-msgid="${msgId}"]`);
  await page.fill('.mail-read textarea.reply-input', '收到，我会按时参加。');
  await page.click('.mail-read .reply-send');
  await page.locator('#toast', { hasText: '已回复' }).waitFor();

  const replies = await postForm(`${mock.url}/message/replyMessage`, { token });
  t.equal(replies.json.rspCode, '000000');
  t.same(
    replies.json.resultData.map((r: Record<string, string>) => ({ content: r.content, msgId: r.msgId, user: r.user })),
    [{ content: '收到，我会按时参加。', msgId, user: '20230001' }],
    'the reply reaches the app through 5.2.3',
  );

  // Reading it on the page is what 5.2.6 then reports.
  await page.click('.mail-read button.mark-read');
  await page.locator(`.mailbox-item[data-msgid="${msgId}"] [data-read="true"]`).waitFor();
  const list = await userList(mock.url, token, '20230001');
  t.equal(list.json.resultData.msglist[0].state, '1', '5.2.6: read');
  t.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'never reloaded');
});

t.test('a todo completed on the page is done for 5.2.6; unsubscribing shows in the next send', async (t) => {
  const mock = await startTestMock(t);
  const page = await openInbox(t, mock.url);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { msgtitle: '请审批请假申请', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/1' });
  await advance(mock.url, 5);
  await page.goto(`${mock.url}/__umc/ui/#/portal`);
  await page.click('.person[data-user="20230001"]');
  await page.click(`.mailbox-item[data-msgid="${msgId}"]`);
  await page.locator(`.mailbox-item[data-msgid="${msgId}"] [data-todo="1"]`).waitFor();
  await page.click('.mail-read button.complete-todo');
  await page.locator(`.mailbox-item[data-msgid="${msgId}"] [data-todo="2"]`).waitFor();
  const list = await userList(mock.url, token, '20230001');
  t.equal(list.json.resultData.msglist[0].state, '3', '5.2.6: 已办理');

  await page.click('.mail-read button.unsubscribe');
  await page.locator('.mail-read button.subscribe').waitFor();
  const again = await postForm(`${mock.url}/message/sendMessageApi`, { token, msgtitle: '又一条通知', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: receivers('20230001', '20230002') });
  t.same(again.json.resultData.noSubscribeList, [{ type: 'User', userId: '20230001', userName: '张三' }], '5.3.1 lists the person who unsubscribed on the page');
});

t.test('each channel looks like where a person reads it', async (t) => {
  const mock = await startTestMock(t);
  const page = await openInbox(t, mock.url);
  const token = await getToken(mock.url);

  // SMS to an outsider: a phone with the billed segment count (80 characters: 2 SMS of 67).
  const text = '〖教务处〗'.padEnd(80, '考');
  const sms = await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: text, receivers: JSON.stringify([{ name: '校外专家', mobile: '18612345678' }]) });
  t.equal(sms.json.rspCode, '1');
  await advance(mock.url, 5);
  await page.click('#nav a[data-view=sms]');
  const phone = page.locator('.phone[data-phone="18612345678"]');
  await phone.waitFor();
  t.match(await phone.locator('.segments').textContent(), '80字 · 计费2条');
  t.match(await phone.locator('.bubble').textContent(), text);

  // A WeCom card, as a card in 张三's WeCom chat.
  const card = await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001|nobody', title: '获奖通知', description: '<div class="gray">2026年06月17日</div><div class="highlight">请于6月20日前领取</div>', url: 'https://www.example.edu.cn/prize' });
  t.equal(card.json.rspCode, '000000');
  await page.click('#nav a[data-view=wecom]');
  await page.click('.person[data-user="20230001"]');
  const wecomCard = page.locator('.wecom-card');
  await wecomCard.waitFor();
  t.equal(await wecomCard.locator('.card-title').textContent(), '获奖通知');
  t.equal(await wecomCard.locator('.card-highlight').textContent(), '请于6月20日前领取', 'the description as WeCom styles it');
  t.match(await wecomCard.locator('.card-btn').textContent(), '详情', 'the default button');

  // A WeChat template message, rendered from its template.
  const template = await sendTemplate(mock.url, templateBody(token, { userId: 'T0002', messageType: '2', publicId: ACCOUNTS.main, templateId: TEMPLATES.approval }));
  t.equal(template.json.rspCode, '000000');
  await page.click('#nav a[data-view=wechat]');
  const wechat = page.locator(`.wechat-msg[data-messageid="${template.json.resultData.messageId}"]`);
  await wechat.waitFor();
  t.match(await wechat.locator('.wechat-text').textContent(), '业务系统：OA办公系统\n所属业务：办公用品申领', 'values filled in');
  await wechat.locator('button.complete-todo').click();
  await wechat.locator('.badge.done').waitFor();
  const again = await postForm(`${mock.url}/message/checkMessageStatusApi`, { token, msgId: template.json.resultData.messageId, messageType: '2', state: '2' });
  t.equal(again.json.rspCode, '600010', 'the page completed it through 5.4.1: completing again is "same state"');
});

t.test('the journal shows each call with secrets masked and the validation message; the language switch sticks', async (t) => {
  const mock = await startTestMock(t);
  const page = await openInbox(t, mock.url);
  const token = await getToken(mock.url);
  const bad = await postForm(`${mock.url}/message/sendMessageApi`, { token, msgType: '1', msgContent: 'x', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: receivers('20230001') });
  t.equal(bad.json.rspCode, '500001');
  await page.click('#nav a[data-view=journal]');
  const row = page.locator('tr.entry', { hasText: 'sendMessageApi' });
  await row.waitFor();
  t.match(await row.textContent(), '500001');
  t.match(await row.locator('.rspmsg').textContent(), bad.json.rspMsg, 'the validation message');
  const refused = await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'no-such-msg' });
  t.equal(refused.json.rspMsg, '无效的 msgId 参数');
  const refusedRow = page.locator('tr.entry', { hasText: 'getProgress' });
  await refusedRow.waitFor();
  t.match(await refusedRow.locator('.rspmsg .detail').textContent(), /no-such-msg/, 'the detail kept out of rspMsg is shown beside it');
  await row.click();
  const params = await page.locator('tr.params pre').textContent();
  t.match(params, '"token": "***"', 'token masked');
  t.notMatch(params, token);

  await page.click('#lang');
  t.match(await page.locator('#nav a[data-view=messages]').textContent(), 'All messages');
  t.equal(await page.getAttribute('html', 'lang'), 'en');
  t.match(await page.locator('.journal th').first().textContent(), 'Time');
  await page.reload();
  await page.locator('#live.on').waitFor();
  t.match(await page.locator('#nav a[data-view=messages]').textContent(), 'All messages', 'kept after a reload');
  await page.click('#lang');
  t.match(await page.locator('#nav a[data-view=messages]').textContent(), '全部消息', 'and back');
});

t.test('under a deployment profile the header names its file, as text, with the counts on hover, in both languages', async (t) => {
  // Markup in the file name stays text.
  const mock = await startTestMock(t, { profile: smallProfileChoices('profiles/staging<img src=x>.json') });
  const page = await openInbox(t, mock.url);
  const badge = page.locator('#profile');
  await badge.waitFor();
  t.equal(await badge.textContent(), '部署档案 staging<img src=x>.json', 'the file by name');
  t.equal(await badge.locator('img').count(), 0, 'never parsed as HTML');
  t.match(await badge.getAttribute('title'), 'profiles/staging<img src=x>.json', 'the path as given on hover');
  t.match(await badge.getAttribute('title'), '1处选择照该部署，1处未采用', 'and the counts');
  await page.click('#lang');
  t.equal(await badge.textContent(), 'Profile staging<img src=x>.json');
  t.match(await badge.getAttribute('title'), '1 choices as that deployment made them, 1 not applied');
});

t.test('Swagger UI at /docs: a token fetched in the page is used by "Try it out"', async (t) => {
  const mock = await startTestMock(t);
  const browser = await openBrowser();
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(20_000);
  await page.goto(`${mock.url}/docs`);
  await page.locator('#operations-query-getPublicList').waitFor();
  await page.fill('input[name=appId]', DEMO_APP.appId);
  await page.fill('input[name=appPassword]', DEMO_APP.appPassword);
  await page.click('.token-bar button');
  await page.locator('#token-status', { hasText: 'token' }).waitFor();
  await page.click('#operations-query-getPublicList');
  await page.locator('#operations-query-getPublicList button.execute').click();
  const response = page.locator('#operations-query-getPublicList .live-responses-table pre', { hasText: 'rspCode' }).first();
  await response.waitFor();
  t.match(await response.textContent(), '"rspCode": "000000"', '5.2.1 answered with the page\'s token');
  const journal = await request(`${mock.url}/__umc/requests?operationId=getPublicList`);
  t.equal(journal.json.requests[0].rspCode, '000000');
  t.equal(journal.json.requests[0].params.token, '***');

  await page.selectOption('.topbar select', { label: 'umc-mock 控制面 (control-plane.yaml)' });
  await page.locator('#operations-default-streamEvents, [id$="-streamEvents"]').first().waitFor();
  t.pass('the control plane spec is the second definition');
});

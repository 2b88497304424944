// Screenshots of the dev inbox and the API docs for the README (docs/screenshots/*.png):
// npm run screenshots. The tests' browser (test/helpers/chromium-binary.ts), and a CJK font, without
// which every Chinese character renders as a box: on Debian and Ubuntu `sudo apt-get install fonts-noto-cjk`.
// No test takes screenshots, so CI does not install it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser } from '../test/helpers/browser.js';
import { DEMO_APP, getToken, postForm, postJson, startTestMock } from '../test/helpers/mock.js';
import { advance, receivers } from '../test/helpers/messaging.js';
import { ACCOUNTS, TEMPLATES, templateBody } from '../test/helpers/wechat.js';

/** The Debian package that gives Chromium a CJK font (named in the README's set-up too). */
const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

// Chromium finds fonts through fontconfig: when it knows no Chinese font, say which package to install.
const zhFonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
if (zhFonts.error === undefined && zhFonts.stdout.trim() === '') {
  process.stderr.write(`screenshots: no Chinese font installed: Chinese will render as boxes. Install one: sudo apt-get install ${CJK_FONT_PACKAGE}\n`);
}

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });

const closers: (() => unknown)[] = [];
const mock = await startTestMock({ teardown: (fn) => closers.push(fn) }, { seed: 7 });
const base = mock.url;
const token = await getToken(base);
const send = (params: Record<string, string>) => postForm(`${base}/message/sendMessageApi`, { token, msgType: '1', sendStatus: '1', sendMode: 'normal', ...params });

await send({ msgtitle: '请审批：李四的请假申请', msgContent: '李四提交了3天事假申请，请及时审批。', sendChannel: 'Portal,WeChat', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/1001', receivers: receivers('20230001', 'T0001') });
await send({ msgtitle: '图书到期提醒', msgContent: '您借阅的《数据结构》将于3天后到期，请及时归还或续借。', sendChannel: 'IntelligenceMode', receivers: receivers('20230001', '20230009') });
await postForm(`${base}/message/sendMessageBySMSApi`, {
  token,
  msgContent: '〖示例大学招生办〗您好，您报名的2026年硕士研究生复试将于3月28日上午9:00在图书馆报告厅举行，请携带身份证、准考证及相关材料提前30分钟到场签到，逾期视为放弃。',
  receivers: JSON.stringify([{ name: '校外考生', mobile: '18612345678' }, { name: '号码有误', mobile: '1861234' }]),
});
await postJson(`${base}/message/sendTemplateApi`, templateBody(token, { messageType: '2', publicId: ACCOUNTS.main, templateId: TEMPLATES.approval, data: { first: { value: '您好，您有一条待办审批提醒' }, keyword1: { value: 'OA办公系统' }, keyword2: { value: '办公用品申领' }, keyword3: { value: '记事本办公用品申领' }, keyword4: { value: '肖贾' }, keyword5: { value: '领导审批' }, remark: { value: '请及时处理' } } }));
await postJson(`${base}/message/cardMessage`, { token, userList: '20230001|20230002', title: '获奖通知', description: '<div class="gray">2026年06月17日</div> <div class="normal">恭喜你获得本次大赛第一</div><div class="highlight">请于2026年06月20日前联系行政同事领取</div>', btnTxt: '更多数据', url: 'https://www.example.edu.cn/prize' });
// 郑十 (20230008) unsubscribed from the app: the message remembers him, and 全部消息 shows why he got nothing.
const exam = await send({
  msgtitle: '关于期末考试安排的通知',
  msgType: '0',
  msgContent: '<p>各位同学：</p><p>本学期期末考试将于<b>1月12日</b>开始，请登录教务系统查看个人考试安排，并携带学生证按时参加考试。</p><p style="color:#888">教务处</p>',
  sendChannel: 'Portal,SMS,WeChat,Mail,DingTalk',
  isReply: '1',
  receivers: receivers('20230001', '20230003', '20230007', '20230008'),
});
await postForm(`${base}/message/sendMessageApi`, { token, msgType: '1', msgContent: '缺少标题的通知', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: receivers('20230001') });
await advance(base, 5);
// A conversation: a reply the app took with 5.2.3, and one it has still to take.
await postJson(`${base}/__umc/users/20230001/replies`, { msgId: exam.json.resultData.msgId, content: '收到，我会按时参加。' });
await advance(base, 120);
await postForm(`${base}/message/replyMessage`, { token });
await advance(base, 60);
await postJson(`${base}/__umc/users/20230001/replies`, { msgId: exam.json.resultData.msgId, content: '请问考试可以带计算器吗？' });

const browser = await openBrowser({ width: 1360, height: 820 });
const page = browser.page;
const shoot = async (name: string, hash: string, prepare?: () => Promise<unknown>) => {
  await page.goto(`${base}/__umc/ui/#/${hash}`);
  await page.locator('#live.on').waitFor();
  await page.locator('main > *:not(p.empty)').first().waitFor();
  if (prepare) await prepare();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
};
await shoot('inbox-messages', 'messages');
await shoot('inbox-sms', 'sms');
await shoot('inbox-wecom', 'wecom', async () => {
  await page.click('.person[data-user="20230001"]');
  await page.locator('.chat-row.mine').first().waitFor();
  // The end of the conversation: the replies, one taken by 5.2.3 and one waiting.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
});
await shoot('inbox-mail', 'mail', () => page.click('.person[data-user="20230001"]'));
await shoot('inbox-portal', 'portal', async () => {
  await page.click('.person[data-user="20230001"]');
  await page.click('.mailbox-item:has-text("期末考试")');
  await page.locator('.reply-thread').waitFor();
});
await shoot('inbox-wechat', 'wechat');
await shoot('inbox-journal', 'journal', () => page.click('tr.entry.bad'));
await shoot('inbox-english', 'messages', () => page.click('#lang'));
await page.click('#lang');

await page.goto(`${base}/docs`);
await page.locator('.opblock').first().waitFor();
await page.fill('input[name=appId]', DEMO_APP.appId);
await page.fill('input[name=appPassword]', DEMO_APP.appPassword);
await page.click('.token-bar button');
await page.locator('#token-status:has-text("token")').waitFor();
// 5.3.1 as "Try it out" fills it in (openapi.yaml's examples), executed from the page.
const sendOp = page.locator('#operations-send-sendMessageApi');
await sendOp.locator('.opblock-summary').click();
await sendOp.locator('button.execute').click();
await sendOp.locator('.live-responses-table .response-col_description pre', { hasText: 'rspCode' }).first().waitFor();
await page.setViewportSize({ width: 1360, height: 1400 });
await sendOp.scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, -120));
await page.waitForTimeout(300);
await page.screenshot({ path: join(OUT, 'docs-swagger.png') });
console.log('docs/screenshots/docs-swagger.png');

await browser.close();
for (const close of closers) await close();

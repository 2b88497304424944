// Swagger UI at /docs: "Try it out" on a form operation can be sent as the page fills it in. Receivers is
// JSON text naming a directory person (not a file picker), sendTime lies ahead in China time, and 5.3.1
// and 5.3.2 executed from the page answer success in the response panel.
import t from 'tap';
import { openBrowser } from './helpers/browser.js';
import { DEMO_APP, request, startTestMock } from './helpers/mock.js';
import { docsOpenapi } from '../src/control/static-pages.js';
import { loadSpec } from '../src/spec/load.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { SPEC_PATH } from '../src/spec/load.js';
import { parseDateTime } from '../src/domain/wall-time.js';

t.setTimeout(180_000);

type Doc = Record<string, any>;
const FORM = 'application/x-www-form-urlencoded';

t.test('every form field of every operation has an example, and none is drawn as a file', async (t) => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const doc = docsOpenapi(parse(readFileSync(SPEC_PATH, 'utf8')) as Doc, 'http://127.0.0.1:8010', now);
  let fields = 0;
  for (const op of loadSpec().operations) {
    const schema = doc.paths[op.path]?.[op.method.toLowerCase()]?.requestBody?.content?.[FORM]?.schema;
    for (const [name, field] of Object.entries((schema?.properties ?? {}) as Record<string, Doc>)) {
      t.notOk('contentMediaType' in field, `${op.operationId}.${name}: no file picker`);
      if (name === 'token' || field.enum || name === 'search') continue; // the page's token; enums are drop-downs; an empty search lists all
      t.ok(field.example !== undefined, `${op.operationId}.${name} has an example`);
      fields++;
    }
  }
  t.ok(fields >= 15, `the form fields were all looked at (${fields})`);
  const send = doc.paths['/message/sendMessageApi'].post.requestBody.content[FORM].schema.properties;
  t.equal(send.sendTime.example, '2026-12-02 08:00:00', 'a day after the platform clock, in China time');
  t.match(JSON.parse(send.receivers.example), [{ type: 'User', userId: '20230001', name: '张三' }]);
  // The page shows each parameter where the document puts it, not the servlet's other places (x-umc-alternate).
  const token = doc.paths['/msg/getThirdAPIToken'].post;
  t.notOk(token.requestBody, "5.1.1's form body (read by the servlet) is not on the page");
  t.same(token.parameters.map((p: Doc) => [p.name, p.required]), [['appId', true], ['appPassword', true]], 'its credentials required in the query, as the document says');
  t.notOk(doc.paths['/message/sendTemplateApi'].post.parameters?.length, "5.3.3's token in the URL is the page's token key");
});

async function openDocs(t: { teardown(fn: () => unknown): void }, url: string) {
  const browser = await openBrowser({ width: 1360, height: 2400 });
  t.teardown(browser.close);
  const page = browser.page;
  page.setDefaultTimeout(20_000);
  await page.goto(`${url}/docs`);
  await page.locator('#operations-send-sendMessageApi').waitFor();
  await page.fill('input[name=appId]', DEMO_APP.appId);
  await page.fill('input[name=appPassword]', DEMO_APP.appPassword);
  await page.click('.token-bar button');
  await page.locator('#token-status', { hasText: 'token' }).waitFor();
  return page;
}

t.test('5.3.1 and 5.3.2 executed from the page as it fills them in answer success', async (t) => {
  const mock = await startTestMock(t);
  const page = await openDocs(t, mock.url);

  const send = page.locator('#operations-send-sendMessageApi');
  await send.locator('.opblock-summary').click();
  await send.locator('button.execute').waitFor();
  t.equal(await send.locator('input[type=file]').count(), 0, 'no file picker');
  const receivers = send.locator('[data-property-name=receivers] textarea, [data-property-name=receivers] input').first();
  t.match(await receivers.inputValue(), '"userId":"20230001"', 'receivers is JSON text naming a directory person');
  const sendTime = await send.locator('[data-property-name=sendTime] input').first().inputValue();
  const clock = (await request(`${mock.url}/__umc/clock`)).json;
  t.ok((parseDateTime(sendTime) ?? 0) > clock.epochMs + 10 * 60_000, `sendTime ${sendTime} lies more than 10 minutes ahead, in China time`);
  await send.locator('button.execute').click();
  const answer = send.locator('.live-responses-table .response-col_description pre', { hasText: 'rspCode' }).first();
  await answer.waitFor();
  t.match(await answer.textContent(), '"rspCode": "000000"', '5.3.1 accepted');

  const sms = page.locator('#operations-send-sendMessageBySMSApi');
  await sms.locator('.opblock-summary').click();
  await sms.locator('button.execute').click();
  const smsAnswer = sms.locator('.live-responses-table .response-col_description pre', { hasText: 'rspCode' }).first();
  await smsAnswer.waitFor();
  t.match(await smsAnswer.textContent(), '"rspCode": "1"', '5.3.2 accepted');

  const journal = (await request(`${mock.url}/__umc/requests?operationId=sendMessageApi`)).json;
  t.equal(journal.requests[0].rspCode, '000000', 'the mock journalled the page\'s send');
});

// Why a call was refused, where the integrator's own HTTP logs can see it: the X-UMC-Detail header (the
// journal's detail, URL-encoded, secrets masked), a header of the mock only, on unless turned off.
import t from 'tap';
import { startMock } from '../src/embedded-mock.js';
import { DEMO_APP } from './helpers/mock.js';
import { receivers } from './helpers/messaging.js';

const HEADER = 'x-umc-detail';

async function call(url: string, params: Record<string, string>): Promise<{ rspCode: string; rspMsg: string; header: string | null }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
  const body = (await res.json()) as { rspCode: string; rspMsg: string };
  return { ...body, header: res.headers.get(HEADER) };
}

async function token(base: string): Promise<string> {
  const res = (await fetch(`${base}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`).then((r) => r.json())) as { resultData: { token: string } };
  return res.resultData.token;
}

/** The first SMS of a new integrator: a signature in 【】, as every Chinese SMS gateway but this one wants it. */
const firstSms = (tokenValue: string) => ({
  token: tokenValue,
  msgtitle: '选课提醒',
  msgType: '1',
  msgContent: '【教务处】请于周五前完成选课',
  sendStatus: '1',
  sendChannel: 'SMS',
  sendMode: 'normal',
  receivers: receivers('20230001'),
});

async function journalDetails(base: string): Promise<(string | undefined)[]> {
  const { requests } = (await fetch(`${base}/__umc/requests`).then((r) => r.json())) as { requests: { detail?: string }[] };
  return requests.map((r) => r.detail);
}

t.test('on by default: a 500012 says which rule, a 500001 which field, decodable as UTF-8', async (t) => {
  const mock = await startMock({ seed: 1 });
  t.teardown(() => mock.close());
  const tok = await token(mock.url);

  const sms = await call(`${mock.url}/message/sendMessageApi`, firstSms(tok));
  t.equal(sms.rspCode, '500012');
  t.equal(sms.rspMsg, '不合法的请求内容', 'the envelope keeps the platform\'s fixed text');
  t.ok(sms.header, 'the refusal carries the header');
  t.match(sms.header, /^[\x21-\x7e]+$/, 'URL-encoded: plain ASCII on the wire');
  const why = decodeURIComponent(sms.header!);
  t.match(why, /短信模式下msgContent禁止使用【】符号作为短信签名，如需签名请修改为〖〗符号/);
  t.equal(why, (await journalDetails(mock.url))[0], 'the same text as the journal\'s detail');

  const missing = await call(`${mock.url}/message/sendMessageApi`, { ...firstSms(tok), msgtitle: '' });
  t.equal(missing.rspCode, '500001');
  t.equal(decodeURIComponent(missing.header ?? ''), 'msgtitle不能为空', 'a missing parameter: the field and the rule');

  const ok = await call(`${mock.url}/message/sendMessageApi`, { ...firstSms(tok), msgContent: '〖教务处〗请于周五前完成选课' });
  t.equal(ok.rspCode, '000000');
  t.equal(ok.header, null, 'a success has no detail');
});

t.test('no secret in it: a token or appPassword that lands where an id goes is masked, in the header and the journal', async (t) => {
  const mock = await startMock({ seed: 2 });
  t.teardown(() => mock.close());
  const tok = await token(mock.url);
  // The token pasted where the msgId goes: the detail names the msgId it could not find.
  const mixedUp = await call(`${mock.url}/message/getProgress`, { token: tok, msgId: tok });
  t.equal(mixedUp.rspCode, '500005');
  const header = mixedUp.header ?? '';
  t.match(decodeURIComponent(header), /msgId不存在或不是本应用通过5\.3\.1\/5\.3\.2发送的消息：\*\*\*/);
  // An appPassword sent along (a copy-pasted query string) and used as the msgId.
  const password = await call(`${mock.url}/message/getProgress`, { token: tok, appPassword: DEMO_APP.appPassword, msgId: DEMO_APP.appPassword });
  t.equal(password.rspCode, '500005');
  const details = await journalDetails(mock.url);
  for (const [text, secret] of [
    [header, tok],
    [password.header ?? '', DEMO_APP.appPassword],
    [details.join('\n'), tok],
    [details.join('\n'), DEMO_APP.appPassword],
  ] as const) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) t.notOk(text.includes(form) || decodeURIComponent(text).includes(form), `no ${secret === tok ? 'token' : 'appPassword'} (${form === secret ? 'as is' : 'encoded'})`);
  }
});

t.test('--no-detail-header (startMock({ detailHeader: false })) turns it off; the journal keeps the detail', async (t) => {
  const mock = await startMock({ seed: 3, detailHeader: false });
  t.teardown(() => mock.close());
  const tok = await token(mock.url);
  const sms = await call(`${mock.url}/message/sendMessageApi`, firstSms(tok));
  t.equal(sms.rspCode, '500012');
  t.equal(sms.header, null, 'no header');
  const missing = await call(`${mock.url}/message/sendMessageApi`, { ...firstSms(tok), msgtitle: '' });
  t.equal(missing.header, null);
  t.match((await journalDetails(mock.url))[1], /【】/, 'the journal still says why');
});

// Secrets never leak: after a whole session (tokens, sends, bad passwords, expired and forged
// tokens, faults, errors, wrong paths) with the logger at info, no log line, journal entry,
// control-plane answer or error envelope contains an appPassword or a token that was used.
import { Writable } from 'node:stream';
import t from 'tap';
import { getToken, postForm, postJson, request, startTestMock, type Answer } from '../helpers/mock.js';
import { advance, replyTo, sendParams } from '../helpers/messaging.js';
import { ACCOUNTS, templateBody } from '../helpers/wechat.js';

t.test('no appPassword or token in logs, journal, control answers or error envelopes', async (t) => {
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const mock = await startTestMock(t, { logger: { level: 'info', stream } });
  const base = mock.url;
  /** Every answer but the two whose job is to hand a secret over (5.1.1's token, the app receipt). */
  const outputs: { what: string; text: string }[] = [];
  const keep = (what: string, res: Answer | Response, text?: string) => {
    const headers = res instanceof Response ? [...res.headers] : [];
    outputs.push({ what, text: `${JSON.stringify(headers)}\n${text ?? (res as Answer).text}` });
    return res;
  };

  // An app created by the back office: its password is nobody's demo credential.
  const receipt = await postJson(`${base}/__umc/apps`, { name: '密钥测试系统', channels: ['Portal', 'Mail', 'SMS', 'OfficialAccount'], interfaces: { userCount: true, userList: true }, publicIds: [ACCOUNTS.main] });
  t.equal(receipt.status, 200);
  const app = { appId: receipt.json.appId as string, appPassword: receipt.json.appPassword as string };
  const wrongPasswords = [`${app.appPassword.slice(0, -1)}X`, 'TXlQYXNzd29yZElzTm90SGVyZTEyMzQ1Njc4OTBhYg', app.appPassword.toLowerCase()];
  const forgedToken = '0f8fad5b-d9cb-469f-a165-70867728950e';

  // Tokens every way a client asks for one.
  const tokens = [await getToken(base, app)];
  const posted = await postForm(`${base}/msg/getThirdAPIToken`, app);
  tokens.push(posted.json.resultData.token);
  const queried = await postForm(`${base}/msg/getThirdAPIToken?appId=${app.appId}&appPassword=${encodeURIComponent(app.appPassword)}`, {});
  tokens.push(queried.json.resultData.token);
  const [token] = tokens as [string];

  // Bad passwords, in the query and in the body, and over-long ones.
  for (const wrong of wrongPasswords) {
    keep('5.1.1 wrong password (query)', await request(`${base}/msg/getThirdAPIToken?appId=${app.appId}&appPassword=${encodeURIComponent(wrong)}`));
    keep('5.1.1 wrong password (form)', await postForm(`${base}/msg/getThirdAPIToken`, { appId: app.appId, appPassword: wrong }));
  }
  keep('5.1.1 password too long', await postForm(`${base}/msg/getThirdAPIToken`, { appId: app.appId, appPassword: app.appPassword.repeat(4) }));
  keep('5.1.1 password without appId', await postForm(`${base}/msg/getThirdAPIToken`, { appPassword: app.appPassword }));

  // Sends and reads, token in the query and in the body; errors with a valid token present.
  const send = keep('5.3.1 send', await postForm(`${base}/message/sendMessageApi`, sendParams(token, { isReply: '1', sendChannel: 'Portal,SMS' }))) as Answer;
  const msgId = send.json.resultData.msgId as string;
  keep('5.3.1 token in query', await postForm(`${base}/message/sendMessageApi?token=${tokens[1]}`, { ...sendParams(tokens[1]!), token: '' }));
  keep('5.3.1 invalid', await postForm(`${base}/message/sendMessageApi`, sendParams(token, { msgType: '9', receivers: 'not json' })));
  keep('5.3.1 token too long', await postForm(`${base}/message/sendMessageApi`, sendParams(token.repeat(3))));
  keep('5.3.2 SMS', await postForm(`${base}/message/sendMessageBySMSApi`, { token, msgContent: '验证码123456', receivers: JSON.stringify([{ name: '张三', mobile: '13800000000' }]) }));
  keep('5.3.3 template', await postJson(`${base}/message/sendTemplateApi`, templateBody(token)));
  keep('5.3.3 bad JSON', await postJson(`${base}/message/sendTemplateApi`, `{"token":"${token}",`));
  keep('5.3.4 card', await postJson(`${base}/message/cardMessage`, { token, userList: '20230001', title: '通知', description: '内容', url: 'https://example.edu.cn' }));
  keep('5.3.4 wrong content type', await request(`${base}/message/cardMessage`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ token }) }));
  await advance(base, 60);
  keep('reply', await replyTo(base, '20230001', msgId, '收到'));
  keep('5.2.3 replies', await postForm(`${base}/message/replyMessage`, { token, count: '10' }));
  keep('5.2.4 progress', await postForm(`${base}/message/getProgress?token=${token}`, { msgId }));
  keep('5.2.5 count', await postForm(`${base}/api/message/user/count`, { token, account: '20230001' }));
  keep('5.2.6 list', await postForm(`${base}/api/message/user/list`, { token, account: '20230001', page: '1', size: '10' }));
  keep('5.2.1 public list', await postForm(`${base}/message/getPublicList`, { token }));
  keep('5.4.1 not a todo', await postForm(`${base}/message/checkMessageStatusApi`, { token, msgId, state: '2' }));
  keep('forged token', await postForm(`${base}/message/replyMessage`, { token: forgedToken }));
  keep('body too large', await postForm(`${base}/message/sendMessageApi?token=${token}`, `msgContent=${'x'.repeat(3 * 1024 * 1024)}`));

  // Wrong paths and methods carrying secrets.
  keep('404', await request(`${base}/msg/getThirdAPITokens?appId=${app.appId}&appPassword=${encodeURIComponent(app.appPassword)}`));
  keep('405', await request(`${base}/message/sendMessageApi?token=${token}`, { method: 'PUT', body: `token=${token}` }));

  // Faults: forced codes, HTTP errors, malformed bodies, a dropped connection.
  for (const rule of [
    { operationId: 'replyMessage', rspCode: '500003', times: 1 },
    { operationId: 'getProgress', httpStatus: 502, times: 1 },
    { operationId: 'getUserMessageCount', malformed: true, times: 1 },
    { operationId: 'getPublicList', drop: true, times: 1 },
    { operationId: 'getThirdAPIToken', rspCode: '999999', rspMsg: '模拟故障', times: 1 },
  ]) {
    keep('add fault', await postJson(`${base}/__umc/faults`, rule));
  }
  keep('fault rspCode', await postForm(`${base}/message/replyMessage`, { token }));
  keep('fault httpStatus', await postForm(`${base}/message/getProgress`, { token, msgId }));
  keep('fault malformed', await postForm(`${base}/api/message/user/count`, { token, account: '20230001' }));
  await fetch(`${base}/message/getPublicList`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` }).then(
    (res) => res.text(),
    () => 'dropped',
  );
  keep('fault on 5.1.1', await postForm(`${base}/msg/getThirdAPIToken`, app));

  // Expired tokens.
  await advance(base, 7201);
  for (const old of tokens) keep('expired token', await postForm(`${base}/message/replyMessage`, { token: old }));

  // Everything the control plane shows.
  for (const path of ['/__umc/requests', '/__umc/requests?limit=1000', `/__umc/requests?appId=${app.appId}`, '/__umc/messages?limit=1000', `/__umc/messages/${msgId}`, '/__umc/apps', '/__umc/faults', '/__umc/scenario', '/__umc/scenarios', '/__umc/health', '/__umc/clock', '/__umc/wechat/messages', '/__umc/cards', '/__umc/users']) {
    const res = await fetch(`${base}${path}`);
    keep(`GET ${path}`, res, await res.text());
  }

  const secrets = [app.appPassword, ...wrongPasswords, ...tokens, forgedToken];
  t.equal(new Set(tokens).size, 3, 'three tokens used');
  const logs = logLines.join('');
  t.ok(logLines.length > 40, `the info log was captured (${logLines.length} lines)`);
  t.match(logs, /\*\*\*/, 'the log shows where a secret was masked');
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      t.notOk(logs.includes(form), `no log line holds ${form.slice(0, 6)}…`);
      const leaks = outputs.filter((o) => o.text.includes(form)).map((o) => o.what);
      t.same(leaks, [], `no answer holds ${form.slice(0, 6)}…`);
    }
  }
  const journal = outputs.find((o) => o.what === 'GET /__umc/requests?limit=1000')!;
  t.match(journal.text, /"appPassword":"\*\*\*"/, 'the journal shows the password masked');
  t.match(journal.text, /"token":"\*\*\*"/, 'the journal shows the token masked');
});

// --data: a restart continues where it stopped, and a kill -9 loses nothing that was acknowledged.
import t from 'tap';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from './helpers/data-files.js';
import { DEMO_APP, getToken, postForm, postJson, request } from './helpers/mock.js';

/** Stops a started mock the way a person would (SIGTERM) or as a crash would (SIGKILL). */
async function stop(child: ChildProcess, signal: NodeJS.Signals) {
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

const SEND = { msgtitle: '研究生开题通知', msgType: '1', msgContent: '请按时参加开题答辩', sendStatus: '1', sendMode: 'normal', sendChannel: 'Portal' };

t.test('a restart with --data keeps tokens, messages, replies, todo state, apps and the clock', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-data-'));
  const file = join(dir, 'state.json');
  const first = await startCli(['--data', file]);
  t.match(first.stdout(), /新建/);
  const base = first.url;
  const token = await getToken(base);
  const reply = await postForm(`${base}/message/sendMessageApi`, { token, ...SEND, isReply: '1', receivers: '[{"userId":"20230001"}]' });
  const msgId = reply.json.resultData.msgId;
  const todo = await postForm(`${base}/message/sendMessageApi`, { token, ...SEND, msgtitle: '审批待办', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/1', receivers: '[{"userId":"20230002"}]' });
  const todoId = todo.json.resultData.msgId;
  await postJson(`${base}/__umc/clock`, { advanceSeconds: 30 });
  t.equal((await postJson(`${base}/__umc/users/20230001/replies`, { msgId, content: '收到，会准时参加' })).status, 200);
  t.equal((await postForm(`${base}/message/checkMessageStatusApi`, { token, msgId: todoId, state: '2' })).json.rspCode, '000000');
  const app = await postJson(`${base}/__umc/apps`, { name: '迎新系统', channels: ['Portal'] });
  await postJson(`${base}/__umc/users/20230003/unsubscribe`, { appId: 'MSG123456' });
  const progressBefore = (await postForm(`${base}/message/getProgress`, { token, msgId })).json;
  const countBefore = (await postForm(`${base}/api/message/user/count`, { token, account: '20230002' })).json;
  await stop(first.child, 'SIGTERM');

  const second = await startCli(['--data', file]);
  t.match(second.stdout(), /已恢复/);
  const again = second.url;
  t.same((await postForm(`${again}/message/getProgress`, { token, msgId })).json, progressBefore, 'the token and the message survive');
  t.same((await postForm(`${again}/api/message/user/count`, { token, account: '20230002' })).json, countBefore, 'the todo state and the mailbox survive');
  const replies = await postForm(`${again}/message/replyMessage`, { token });
  t.match(replies.json.resultData, [{ msgId, user: '20230001', content: '收到，会准时参加' }], 'the reply survives');
  t.ok((await request(`${again}/__umc/clock`)).json.offsetSeconds >= 30, 'the clock offset survives');
  t.equal((await getToken(again, { appId: app.json.appId, appPassword: app.json.appPassword })).length, 36, 'an app created at runtime survives');
  const users = (await request(`${again}/__umc/users`)).json.users;
  t.same(users.find((u: any) => u.userId === '20230003').unsubscribedApps, ['MSG123456'], 'a subscription change survives');
  await stop(second.child, 'SIGTERM');

  const third = await startCli(['--data', file]);
  t.same((await postForm(`${third.url}/message/replyMessage`, { token })).json.resultData, [], 'replies taken before the restart stay taken');
  await stop(third.child, 'SIGTERM');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  t.match(doc, { format: 'umc-mock-state', version: 1, scenario: 'default' });
  t.notMatch(readFileSync(`${file}.log`, 'utf8') + JSON.stringify(doc.state.messaging), DEMO_APP.appPassword, 'no appPassword in the change log or the messages');
});

t.test('kill -9 right after acknowledged changes loses none of them and leaves a readable file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-kill-'));
  const file = join(dir, 'state.json');
  const first = await startCli(['--data', file]);
  const token = await getToken(first.url);
  const acknowledged: string[] = [];
  // Sends in flight when the process dies: only the answered ones must survive.
  const inflight = Array.from({ length: 60 }, async (_, i) => {
    try {
      const res = await postForm(`${first.url}/message/sendMessageApi`, { token, ...SEND, msgtitle: `通知${i}`, receivers: '[{"userId":"20230001"}]' });
      if (res.json?.rspCode === '000000') acknowledged.push(res.json.resultData.msgId);
    } catch {
      // cut off by the kill: never acknowledged
    }
  });
  // Killed as soon as the first answer is in, with the others still in flight (not after a fixed time,
  // which a loaded machine may spend before any answer).
  for (const end = Date.now() + 10_000; acknowledged.length === 0 && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 5));
  await stop(first.child, 'SIGKILL');
  await Promise.all(inflight);
  t.ok(acknowledged.length > 0, `${acknowledged.length} sends were acknowledged before the kill`);
  t.ok(existsSync(file));
  t.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), 'the snapshot is valid JSON');

  const second = await startCli(['--data', file]);
  for (const msgId of acknowledged) {
    const res = await postForm(`${second.url}/message/getProgress`, { token, msgId });
    if (res.json.rspCode !== '000000') t.fail(`lost ${msgId}: ${res.text}`);
  }
  const listed = (await request(`${second.url}/__umc/messages?limit=1000`)).json;
  t.ok(listed.total >= acknowledged.length, `all ${acknowledged.length} acknowledged messages are back (${listed.total} stored)`);
  await stop(second.child, 'SIGKILL');
});

t.test('a data file written before attempts were kept relative (absolute dueAt) restores the same delivery', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-old-'));
  const file = join(dir, 'state.json');
  const first = await startCli(['--data', file]);
  const token = await getToken(first.url);
  const sent = await postForm(`${first.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal,Mail', receivers: '[{"userId":"20230001"},{"userId":"20230002"}]' });
  const msgId = sent.json.resultData.msgId;
  const before = (await request(`${first.url}/__umc/messages/${msgId}`)).json;
  await stop(first.child, 'SIGTERM');

  // Rewrite the saved attempts the way the first --data files stored them.
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  let rewritten = 0;
  for (const message of doc.state.messaging.messages) {
    for (const r of message.recipients) {
      r.attempts = r.attempts.map(({ dueIn, ...rest }: { dueIn: number }) => ({ ...rest, dueAt: message.releaseAt + dueIn }));
      rewritten += r.attempts.length;
    }
  }
  t.equal(rewritten, 4, 'two receivers, two channels each');
  writeFileSync(file, JSON.stringify(doc));

  const second = await startCli(['--data', file]);
  const after = (await request(`${second.url}/__umc/messages/${msgId}`)).json;
  type View = { recipients: { attempts: { channel: string; at: string; status: string }[] }[] };
  const when = (view: View) => view.recipients.map((r) => r.attempts.map((a) => `${a.channel} ${a.at}`));
  t.same(when(after), when(before), 'each attempt at the same instant');
  t.equal(when(after).flat().length, 4);
  t.ok((after as View).recipients.every((r) => r.attempts.every((a) => a.status === 'delivered')), 'and delivered by now, as planned');
  await stop(second.child, 'SIGTERM');
});

t.test('with --seed, a restart does not draw the same ids again (a new msgId never overwrites a stored one)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-data-'));
  const file = join(dir, 'state.json');
  const first = await startCli(['--data', file, '--seed', '1']);
  const token = await getToken(first.url);
  const sent = await postForm(`${first.url}/message/sendMessageApi`, { token, ...SEND, receivers: '[{"userId":"20230001"}]' });
  await stop(first.child, 'SIGTERM');

  const second = await startCli(['--data', file, '--seed', '1']);
  const tokenAgain = await getToken(second.url);
  t.not(tokenAgain, token, 'a new token, not the first one drawn again');
  const sentAgain = await postForm(`${second.url}/message/sendMessageApi`, { token: tokenAgain, ...SEND, msgtitle: '第二条', receivers: '[{"userId":"20230002"}]' });
  t.not(sentAgain.json.resultData.msgId, sent.json.resultData.msgId, 'a new msgId');
  const first1 = (await postForm(`${second.url}/message/getProgress`, { token: tokenAgain, msgId: sent.json.resultData.msgId })).json;
  t.equal(first1.rspCode, '000000', 'the first message is still there');
  t.equal(first1.resultData.total, 1);
  await stop(second.child, 'SIGTERM');
});

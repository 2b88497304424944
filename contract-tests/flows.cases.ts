// Stateful flows, full mode only: they send to the test receivers and follow the message
// through the platform (progress, todo confirmation and counts, replies, template todos).
// Against the mock, platform time is moved with the control plane instead of waiting.
import { expectSuccess } from '../src/contract/expect.js';
import { NOT_IMPLEMENTED_REASON } from '../src/contract/runner.js';
import type { CaseContext, ContractCase, Receivers } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { officialAccount, template, templateData } from './positive.cases.js';
import { sendTemplateToFollower, templateUsers, testMobiles, testUsers } from './receivers.js';
import { LINK } from './samples.js';

interface Progress {
  total: number;
  state: string;
  successCount: number;
  failCount: number;
  failUserList: { user: string; cause: string }[];
}

interface Counts {
  unread: number;
  read: number;
  checked: number;
  todo: number;
  total: number;
}

/** Platform seconds per poll: the mock's clock jumps; a real deployment is polled every 3 s. */
function pollStep(ctx: CaseContext): number {
  return ctx.control ? 30 : 3;
}

function receiversParam(list: Receivers['users']): string {
  return JSON.stringify(list.map((u) => ({ type: 'User', userId: u.userId, name: u.name ?? u.userId })));
}

/** 5.2.4 until state "1" (发送完毕), letting platform time pass between polls. */
async function untilFinished(ctx: CaseContext, msgId: string): Promise<Progress> {
  for (let poll = 1; ; poll++) {
    const ex = await ctx.call('getProgress', { token: await ctx.token(), msgId }, { label: `progress #${poll}` });
    if (!expectSuccess(ctx, ex)) ctx.fail('flow_step', { expected: `getProgress(${msgId}) to succeed`, got: `rspCode ${ctx.rspCode(ex)}` });
    const progress = ctx.resultData(ex) as Progress;
    if (progress.state === '1') return progress;
    if (!(await ctx.wait(pollStep(ctx)))) {
      ctx.fail('flow_step', { expected: `progress state "1" (发送完毕) within ${ctx.control ? 'one hour of platform time' : 'the flow time budget (--flow-timeout)'}`, got: `state "${progress.state}" after ${poll} polls` });
    }
  }
}

function checkFinished(ctx: CaseContext, progress: Progress, expectedTotal: number | undefined): void {
  ctx.check('flow_step', progress.successCount + progress.failCount === progress.total, {
    expected: 'successCount + failCount = total once finished',
    got: `${progress.successCount} + ${progress.failCount} vs total ${progress.total}`,
  });
  if (expectedTotal !== undefined) ctx.check('flow_step', progress.total === expectedTotal, { expected: `total ${expectedTotal} (one per receiver)`, got: `total ${progress.total}` });
  ctx.check('flow_step', progress.failCount === 0, {
    expected: 'every test receiver reached (failCount 0)',
    got: `failCount ${progress.failCount}: ${JSON.stringify(progress.failUserList)}`,
  });
}

/** One receiver per message when a single, non-intelligent channel is used. */
function perReceiverTotal(channel: string, count: number): number | undefined {
  return channel.includes(',') || channel === 'IntelligenceMode' ? undefined : count;
}

async function send(ctx: CaseContext, extra: Record<string, string>, label: string): Promise<{ msgId: string; list: Receivers['users']; channel: string }> {
  const list = await testUsers(ctx);
  const channel = (await ctx.receivers()).sendChannel;
  const ex = await ctx.call(
    'sendMessageApi',
    {
      token: await ctx.token(),
      msgtitle: `umc-contract ${ctx.runTag} ${label}`,
      msgType: '1',
      msgContent: `umc-contract 契约测试消息（${label}），请忽略`,
      sendStatus: '1',
      sendChannel: channel,
      sendMode: 'normal',
      receivers: receiversParam(list),
      ...extra,
    },
    { label: 'send' },
  );
  if (!expectSuccess(ctx, ex)) ctx.fail('flow_step', { expected: 'the send to be accepted', got: `rspCode ${ctx.rspCode(ex)}` });
  const data = ctx.resultData(ex) as { msgId: string; noSubscribeStatus: string; noSubscribeList: unknown[] };
  ctx.check('flow_step', data.noSubscribeStatus === '0', { expected: 'every test receiver subscribed (noSubscribeStatus "0")', got: JSON.stringify(data.noSubscribeList) });
  return { msgId: data.msgId, list, channel };
}

async function counts(ctx: CaseContext, account: string, label: string): Promise<Counts | undefined> {
  const ex = await ctx.call('getUserMessageCount', { token: await ctx.token(), account, type: '4' }, { label });
  if (ctx.rspCode(ex) === '400002') return undefined;
  if (!expectSuccess(ctx, ex)) ctx.fail('flow_step', { expected: 'getUserMessageCount to succeed', got: `rspCode ${ctx.rspCode(ex)}` });
  return ctx.resultData(ex) as Counts;
}

export function flowCases(spec: LoadedSpec): ContractCase[] {
  const cases: ContractCase[] = [
    {
      id: 'flow/sendMessageApi/send-then-progress',
      group: 'flow',
      operationIds: ['sendMessageApi', 'getProgress'],
      title: 'a notice sent now (5.3.1) reaches state "1" in getProgress with every receiver counted',
      mode: 'full',
      async run(ctx) {
        const { msgId, list, channel } = await send(ctx, { sendMsgType: '1' }, '通知');
        checkFinished(ctx, await untilFinished(ctx, msgId), perReceiverTotal(channel, list.length));
      },
    },
    {
      id: 'flow/sendMessageBySMSApi/send-then-progress',
      group: 'flow',
      operationIds: ['sendMessageBySMSApi', 'getProgress'],
      title: 'an SMS (5.3.2, success code "1") reaches state "1" in getProgress',
      mode: 'full',
      async run(ctx) {
        const mobiles = await testMobiles(ctx);
        const ex = await ctx.call(
          'sendMessageBySMSApi',
          {
            token: await ctx.token(),
            msgContent: `〖umc-contract〗契约测试短信 ${ctx.runTag}，请忽略`,
            receivers: JSON.stringify(mobiles.map((m) => ({ name: m.name ?? 'umc-contract', mobile: m.mobile }))),
          },
          { label: 'send' },
        );
        if (!expectSuccess(ctx, ex)) return;
        checkFinished(ctx, await untilFinished(ctx, ctx.resultData(ex).msgId), mobiles.length);
      },
    },
    {
      id: 'flow/checkMessageStatusApi/todo-confirm-counts',
      group: 'flow',
      operationIds: ['sendMessageApi', 'getProgress', 'checkMessageStatusApi', 'getUserMessageCount'],
      title: "a todo (sendMsgType=4) is delivered, confirmed done (5.4.1), and the receiver's todo/checked counts (5.2.5) follow",
      mode: 'full',
      async run(ctx) {
        const account = (await testUsers(ctx))[0]!.userId;
        const before = await counts(ctx, account, 'counts before');
        const { msgId } = await send(ctx, { sendMsgType: '4', waitLink: `${LINK}/todo/${ctx.runTag}` }, '待办');
        await untilFinished(ctx, msgId);
        const delivered = before && (await counts(ctx, account, 'counts after delivery'));
        if (before && delivered) {
          ctx.check('flow_step', delivered.todo === before.todo + 1, { expected: `todo ${before.todo + 1} once the todo is delivered`, got: `todo ${delivered.todo}` });
        }
        const confirm = await ctx.call('checkMessageStatusApi', { token: await ctx.token(), msgId, messageType: '1', state: '2' }, { label: 'confirm done' });
        if (!expectSuccess(ctx, confirm)) return;
        if (!before || !delivered) return ctx.skip('the counts step: the administrator has not opened getUserMessageCount for the app (400002)');
        const after = await counts(ctx, account, 'counts after confirm');
        if (after) {
          ctx.check('flow_step', after.todo === delivered.todo - 1 && after.checked === delivered.checked + 1, {
            expected: `todo ${delivered.todo - 1}, checked ${delivered.checked + 1} once confirmed done`,
            got: `todo ${after.todo}, checked ${after.checked}`,
          });
        }
      },
    },
    {
      id: 'flow/replyMessage/reply-enabled-send',
      group: 'flow',
      operationIds: ['sendMessageApi', 'getProgress', 'replyMessage'],
      title: 'a reply-enabled send (isReply=1) gets a reply from the receiver, and replyMessage (5.2.3) returns it',
      mode: 'full',
      async run(ctx) {
        const control = ctx.control;
        if (!control) return ctx.skip('the reply step needs the mock control plane (a real deployment needs a person to reply)');
        const { msgId, list } = await send(ctx, { sendMsgType: '1', isReply: '1' }, '可回复');
        await untilFinished(ctx, msgId);
        const content = `umc-contract 回复 ${ctx.runTag}`;
        const posted = await control.postReply(list[0]!.userId, msgId, content);
        if (posted.status === 404 && /Not Found/.test(posted.text)) ctx.skip(`${NOT_IMPLEMENTED_REASON} (POST /__umc/users/{userId}/replies)`);
        if (posted.status < 200 || posted.status > 299) {
          ctx.fail('flow_step', { expected: 'the mock to take the simulated reply (HTTP 2xx)', got: `HTTP ${posted.status} ${posted.text.slice(0, 200)}` });
        }
        for (let page = 1; page <= 5; page++) {
          const ex = await ctx.call('replyMessage', { token: await ctx.token(), count: '100' }, { label: `replies #${page}` });
          if (!expectSuccess(ctx, ex)) return;
          const replies = ctx.resultData(ex) as { msgId: string; content: string }[];
          if (replies.some((r) => r.msgId === msgId && r.content === content)) return void ctx.check('flow_step', true);
          if (replies.length === 0) break;
        }
        ctx.check('flow_step', false, { expected: `a reply {msgId: ${msgId}, content: ${content}} in replyMessage`, got: 'not returned' });
      },
    },
    {
      id: 'flow/checkMessageStatusApi/template-todo-confirm',
      group: 'flow',
      operationIds: ['getPublicList', 'getTemplateList', 'sendTemplateApi', 'checkMessageStatusApi'],
      title: 'a template todo (5.3.3 messageType=2) is confirmed done with messageType=2 (5.4.1); confirming again answers 600010',
      mode: 'full',
      async run(ctx) {
        await templateUsers(ctx);
        const publicId = await officialAccount(ctx);
        const t = await template(ctx, publicId);
        const sent = await sendTemplateToFollower(
          ctx,
          { publicId, messageType: '2', templateId: t.templateId, url: `${LINK}/todo/${ctx.runTag}`, data: templateData(t.keywords, ctx.runTag) },
          'send template todo',
        );
        if (!expectSuccess(ctx, sent)) return;
        const messageId = ctx.resultData(sent).messageId as string;
        const confirm = await ctx.call('checkMessageStatusApi', { token: await ctx.token(), msgId: messageId, messageType: '2', state: '2' }, { label: 'confirm done' });
        if (!expectSuccess(ctx, confirm)) return;
        const again = await ctx.call('checkMessageStatusApi', { token: await ctx.token(), msgId: messageId, messageType: '2', state: '2' }, { label: 'confirm again' });
        ctx.check('flow_step', ctx.rspCode(again) === '600010', { expected: 'rspCode 600010 (模版消息办理状态相同不需要调整)', got: `rspCode ${ctx.rspCode(again)}` });
      },
    },
  ];
  return cases.filter((c) => c.operationIds.every((id) => spec.byId.has(id)));
}

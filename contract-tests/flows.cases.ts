// Stateful flows, full mode only: they send to the test receivers and follow the message
// through the platform (progress, todo confirmation and counts, replies, template todos).
// Against the mock, platform time is moved with the control plane instead of waiting.
import { ASSUME, codeBasis, scopeAssumption } from '../src/contract/basis.js';
import { describeValue } from '../src/contract/checks.js';
import { expectSuccess } from '../src/contract/expect.js';
import type { CaseContext, ContractCase, Passage, Receivers } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { sendTemplate, template, templateData, templateFollower } from './lookups.js';
import { receiversParam, testMobiles, testUsers } from './receivers.js';
import { LINK } from './samples.js';

const DOC = {
  queued: { section: '5.3.1', phrase: '当前接口返回成功，消息校验通过并且投递到消息发送队列，真正渠道发送结果，请调用【5.2.4获取消息发送结果】接口查看' },
  smsQueued: { section: '5.3.2', phrase: '当前接口返回成功，消息校验通过并且投递到消息发送队列，真正短信渠道发送结果，请调用【5.2.4获取消息发送结果】接口查看' },
  progressStates: { section: '5.2.4', phrase: 'state 状态 String 0-未发送 1-发送完毕 2-正在发送' },
  progressCounts: { section: '5.2.4', phrase: 'total 总数 Integer；successCount 成功数 Integer；failCount 失败数 Integer' },
  todoConfirm: { section: '5.4.1', phrase: 'state 状态 整个流程状态：1.待办理，2.已办理' },
  todoCounts: { section: '5.2.5', phrase: 'checked 已办数 Integer 待办消息统计；todo 待办数 Integer 待办消息统计' },
  replies: { section: '5.3.1', phrase: 'isReply 是否开启回复 0：不可回复、1：可回复 如果开启可回复，可以调用【5.2.3获取消息回复信息】接口获取用户的回复信息' },
  repliesDeleted: { section: '5.2.3', phrase: '默认100条，支持1到100整数，拉取的记录进行删除' },
  templateTodo: { section: '5.4.1', phrase: 'messageType 消息类型 发送消息微信服务号模板消息时进行确认，设置成2' },
  sameState: { section: '表4-1-2', phrase: '600010 模版消息办理状态相同不需要调整' },
} satisfies Record<string, Passage>;

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

interface Reply {
  content: string;
  time: string;
  msgId: string;
  user: string;
}

/** 5.2.4 until state "1" (发送完毕), letting platform time pass between polls. */
async function untilFinished(ctx: CaseContext, msgId: string): Promise<Progress> {
  for (let poll = 1; ; poll++) {
    const ex = await ctx.call('getProgress', { token: await ctx.token(), msgId }, { label: `progress #${poll}` });
    if (!expectSuccess(ctx, ex, { doc: DOC.queued })) ctx.fail('progress_answered', { expected: `getProgress(${msgId}) of an accepted message to succeed`, got: `rspCode ${ctx.rspCode(ex)}` }, { doc: DOC.queued });
    const progress = ctx.resultData(ex) as Progress;
    if (progress?.state === '1') return progress;
    // ctx.wait ends the case here if this answer broke the document (a number for the String state).
    if (!(await ctx.wait(ctx.pollSeconds))) {
      ctx.fail(
        'progress_finishes',
        { expected: `progress state string "1" (发送完毕) within ${ctx.control ? 'one hour of platform time' : 'the flow time budget (--flow-timeout)'}`, got: `state ${describeValue(progress?.state)} after ${poll} polls` },
        { doc: DOC.progressStates },
      );
    }
  }
}

function checkFinished(ctx: CaseContext, progress: Progress, expectedTotal: number | undefined): void {
  ctx.check(
    'progress_counts_add_up',
    progress.successCount + progress.failCount === progress.total,
    { expected: 'successCount + failCount = total once finished', got: `${progress.successCount} + ${progress.failCount} vs total ${progress.total}` },
    { doc: DOC.progressCounts },
  );
  if (expectedTotal !== undefined) ctx.check('progress_total_per_receiver', progress.total === expectedTotal, { expected: `total ${expectedTotal} (one per receiver)`, got: `total ${progress.total}` }, { assumption: ASSUME.totalPerReceiver });
  ctx.check(
    'receivers_reached',
    progress.failCount === 0,
    { expected: 'every test receiver reached (failCount 0)', got: `failCount ${progress.failCount}: ${JSON.stringify(progress.failUserList)}` },
    { assumption: ASSUME.receiversReachable },
  );
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
  if (!expectSuccess(ctx, ex, { doc: DOC.queued })) ctx.fail('flow_send_accepted', { expected: 'the send to be accepted', got: `rspCode ${ctx.rspCode(ex)}` }, { doc: DOC.queued });
  const data = ctx.resultData(ex) as { msgId: string; noSubscribeStatus: string; noSubscribeList: unknown[] };
  ctx.check('receivers_subscribed', data.noSubscribeStatus === '0', { expected: 'every test receiver subscribed (noSubscribeStatus "0")', got: JSON.stringify(data.noSubscribeList) }, { assumption: ASSUME.receiversReachable });
  return { msgId: data.msgId, list, channel };
}

async function counts(ctx: CaseContext, account: string, label: string): Promise<Counts | undefined> {
  const ex = await ctx.call('getUserMessageCount', { token: await ctx.token(), account, type: '4' }, { label });
  if (ctx.rspCode(ex) === '400002') return undefined;
  if (!expectSuccess(ctx, ex, { doc: DOC.todoCounts })) ctx.fail('user_count_answered', { expected: 'getUserMessageCount to succeed', got: `rspCode ${ctx.rspCode(ex)}` }, { doc: DOC.todoCounts });
  return ctx.resultData(ex) as Counts;
}

async function fetchReplies(ctx: CaseContext, label: string): Promise<Reply[]> {
  const ex = await ctx.call('replyMessage', { token: await ctx.token(), count: '100' }, { label });
  if (!expectSuccess(ctx, ex, { doc: DOC.repliesDeleted })) ctx.fail('replies_answered', { expected: 'replyMessage to succeed', got: `rspCode ${ctx.rspCode(ex)}` }, { doc: DOC.repliesDeleted });
  const data = ctx.resultData(ex);
  return Array.isArray(data) ? (data as Reply[]) : [];
}

const sameReply = (a: Reply, b: Reply) => a.msgId === b.msgId && a.content === b.content && a.time === b.time && a.user === b.user;

export function flowCases(spec: LoadedSpec): ContractCase[] {
  const cases: ContractCase[] = [
    {
      id: 'flow/sendMessageApi/send-then-progress',
      group: 'flow',
      operationIds: ['sendMessageApi', 'getProgress'],
      title: 'a notice sent now (5.3.1) reaches state "1" in getProgress with every receiver counted',
      mode: 'full',
      doc: DOC.queued,
      assumptions: [ASSUME.receiversReachable, ASSUME.totalPerReceiver],
      risk: 'a notice to the test users',
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
      doc: DOC.smsQueued,
      assumptions: [ASSUME.receiversReachable, ASSUME.totalPerReceiver],
      risk: 'an SMS to the test mobiles',
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
      doc: DOC.todoConfirm,
      assumptions: [ASSUME.receiversReachable],
      risk: 'a todo to the test users, then marked done',
      async run(ctx) {
        const account = (await testUsers(ctx))[0]!.userId;
        const before = await counts(ctx, account, 'counts before');
        const { msgId } = await send(ctx, { sendMsgType: '4', waitLink: `${LINK}/todo/${ctx.runTag}` }, '待办');
        await untilFinished(ctx, msgId);
        const delivered = before && (await counts(ctx, account, 'counts after delivery'));
        if (before && delivered) {
          ctx.check('todo_count_after_delivery', delivered.todo === before.todo + 1, { expected: `todo ${before.todo + 1} once the todo is delivered`, got: `todo ${delivered.todo}` }, { doc: DOC.todoCounts });
        }
        const confirm = await ctx.call('checkMessageStatusApi', { token: await ctx.token(), msgId, messageType: '1', state: '2' }, { label: 'confirm done' });
        if (!expectSuccess(ctx, confirm)) return;
        if (!before || !delivered) return ctx.inconclusive('the counts step: the administrator has not opened getUserMessageCount for the app (400002)');
        const after = await counts(ctx, account, 'counts after confirm');
        if (after) {
          ctx.check(
            'todo_counts_after_confirm',
            after.todo === delivered.todo - 1 && after.checked === delivered.checked + 1,
            { expected: `todo ${delivered.todo - 1}, checked ${delivered.checked + 1} once confirmed done`, got: `todo ${after.todo}, checked ${after.checked}` },
            { doc: DOC.todoCounts },
          );
        }
      },
    },
    {
      id: 'flow/replyMessage/reply-enabled-send',
      group: 'flow',
      operationIds: ['sendMessageApi', 'getProgress', 'replyMessage'],
      title: 'a reply to a reply-enabled send (isReply=1) comes back from replyMessage (5.2.3), once: what was read is deleted',
      mode: 'full',
      doc: DOC.replies,
      risk: "a reply-enabled notice to the test users; takes (deletes) the app's queued replies",
      lock: 'replies',
      async run(ctx) {
        const { msgId, list } = await send(ctx, { sendMsgType: '1', isReply: '1' }, '可回复');
        await untilFinished(ctx, msgId);
        let content: string | undefined;
        if (ctx.control) {
          content = `umc-contract 回复 ${ctx.runTag}`;
          const refused = await ctx.control.postReply(list[0]!.userId, msgId, content);
          if (refused) ctx.inconclusive(`the mock did not take the simulated reply: ${refused}`);
        }
        // Off the mock a test receiver has to answer: wait for their reply within the flow budget.
        const read: Reply[] = [];
        for (let round = 1; ; round++) {
          const batch = await fetchReplies(ctx, `replies #${round}`);
          read.push(...batch);
          const ours = read.find((r) => r.msgId === msgId && (content === undefined || r.content === content));
          if (ours) {
            ctx.check('reply_returned', true, {}, { doc: DOC.replies });
            break;
          }
          if (batch.length === 100) continue;
          if (ctx.control) ctx.fail('reply_returned', { expected: `a reply {msgId: ${msgId}, content: ${content}} in replyMessage`, got: 'not returned' }, { doc: DOC.replies });
          if (!(await ctx.wait(ctx.pollSeconds))) ctx.inconclusive(`no test receiver replied to ${msgId} within --flow-timeout (someone has to reply to the message)`);
        }
        // What was read is gone: none of it comes back on the next call.
        const again = await fetchReplies(ctx, 'replies again');
        const back = again.filter((r) => read.some((x) => sameReply(r, x)));
        ctx.check(
          'replies_deleted',
          back.length === 0,
          { expected: 'replies already returned are deleted (not returned again)', got: `${back.length} returned again: ${JSON.stringify(back.slice(0, 3))}` },
          { doc: DOC.repliesDeleted },
        );
      },
    },
    {
      id: 'flow/checkMessageStatusApi/template-todo-confirm',
      group: 'flow',
      operationIds: ['getPublicList', 'getTemplateList', 'sendTemplateApi', 'checkMessageStatusApi'],
      title: 'a template todo (5.3.3 messageType=2) is confirmed done with messageType=2 (5.4.1); confirming again answers 600010',
      mode: 'full',
      doc: DOC.templateTodo,
      assumptions: [scopeAssumption(spec, 'checkMessageStatusApi', '600010')],
      risk: 'a WeChat template todo to the test user, then marked done',
      async run(ctx) {
        await templateFollower(ctx);
        const t = await template(ctx);
        const sent = await sendTemplate(
          ctx,
          { publicId: t.publicId, messageType: '2', templateId: t.templateId, url: `${LINK}/todo/${ctx.runTag}`, data: templateData(t.keywords, ctx.runTag) },
          'send template todo',
        );
        if (!expectSuccess(ctx, sent)) return;
        const messageId = ctx.resultData(sent).messageId as string;
        const confirm = await ctx.call('checkMessageStatusApi', { token: await ctx.token(), msgId: messageId, messageType: '2', state: '2' }, { label: 'confirm done' });
        if (!expectSuccess(ctx, confirm)) return;
        const again = await ctx.call('checkMessageStatusApi', { token: await ctx.token(), msgId: messageId, messageType: '2', state: '2' }, { label: 'confirm again' });
        // 600010's 适用范围 in table 4-1-2 leaves out 5.4.1 (x-umc-assumed): another answer is a note.
        ctx.check('template_same_state_refused', ctx.rspCode(again) === '600010', { expected: 'rspCode 600010 (模版消息办理状态相同不需要调整)', got: `rspCode ${ctx.rspCode(again)}` }, codeBasis(spec, 'checkMessageStatusApi', '600010', DOC.sameState));
      },
    },
  ];
  return cases.filter((c) => c.operationIds.every((id) => spec.byId.has(id)));
}

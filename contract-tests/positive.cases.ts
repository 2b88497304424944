// Valid requests, from the spec's examples where it has them: they must succeed and their
// answers validate against the success schemas. Queries run in safe mode; sends only in full
// mode, to the test receivers (the mock's directory or the --receivers file).
import { ASSUME } from '../src/contract/basis.js';
import { describeValue } from '../src/contract/checks.js';
import { expectSuccess } from '../src/contract/expect.js';
import { requestExample } from '../src/contract/generate.js';
import type { CaseContext, ContractCase, Exchange, Passage } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { officialAccount, sendTemplate, template, templateData, templateFollower } from './lookups.js';
import { testUsers } from './receivers.js';
import { LINK, NOBODY } from './samples.js';

/** 400002 is the documented answer of an interface the administrator has not opened for the app. */
function inconclusiveIfClosed(ctx: CaseContext, ex: Exchange): void {
  if (ctx.rspCode(ex) === '400002') ctx.inconclusive('the administrator has not opened this interface for the app (400002 应用未激活此接口, documented)');
}

/** The account the user queries ask about: a test user if there is one, else nobody (counts of 0). */
async function account(ctx: CaseContext): Promise<string> {
  return (await ctx.receivers()).users[0]?.userId ?? NOBODY;
}

/** The passage each operation's valid request rests on: its section's 接口使用场景和说明. */
export const SECTION = {
  '5.2.1': { section: '5.2.1', phrase: '调用方发送微信服务号模板消息前，首先获取调用方绑定的公众平台信息的模板信息' },
  '5.2.2': { section: '5.2.2', phrase: '根据5.2.1……中获取的微信服务号模板ID，调用本接口获取对应的模板信息详情' },
  '5.2.3': { section: '5.2.3', phrase: 'count 获取的回复记录数 否 String 默认100条，支持1到100整数，拉取的记录进行删除' },
  '5.2.5': { section: '5.2.5', phrase: 'account 用户账号 是 String 学工号；type 类型 否 1通知 4待办（不传入类型时统计所有类型的消息）' },
  '5.2.6': { section: '5.2.6', phrase: 'page 页码 是 Integer；size 大小 是 Integer 每页最大100' },
  '5.3.3': { section: '5.3.3', phrase: '实时调用微信服务号接口，返回结果就是真实消息发送的情况 status 发送状态 0:成功，1:失败' },
  '5.3.4': { section: '5.3.4', phrase: '通过本接口可以发送企业微信的卡片消息 …… 只需要根据rspCode进行判断即可' },
} satisfies Record<string, Passage>;

export function positiveCases(spec: LoadedSpec): ContractCase[] {
  const cases: ContractCase[] = [
    {
      id: 'positive/getPublicList/list',
      group: 'positive',
      operationIds: ['getPublicList'],
      title: 'getPublicList lists the official accounts bound to the app',
      mode: 'safe',
      doc: SECTION['5.2.1'],
      async run(ctx) {
        expectSuccess(ctx, await ctx.call('getPublicList', { token: await ctx.token() }));
      },
    },
    {
      id: 'positive/getTemplateList/list',
      group: 'positive',
      operationIds: ['getPublicList', 'getTemplateList'],
      title: "getTemplateList lists the templates of the app's official account",
      mode: 'safe',
      doc: SECTION['5.2.2'],
      async run(ctx) {
        const publicId = await officialAccount(ctx);
        expectSuccess(ctx, await ctx.call('getTemplateList', { token: await ctx.token(), publicId }));
      },
    },
    {
      id: 'positive/getUserMessageCount/all-types',
      group: 'positive',
      operationIds: ['getUserMessageCount'],
      title: "getUserMessageCount counts a user's messages (type absent: all types)",
      mode: 'safe',
      doc: SECTION['5.2.5'],
      async run(ctx) {
        const ex = await ctx.call('getUserMessageCount', { token: await ctx.token(), account: await account(ctx) });
        inconclusiveIfClosed(ctx, ex);
        expectSuccess(ctx, ex);
      },
    },
    {
      id: 'positive/getUserMessageCount/todo',
      group: 'positive',
      operationIds: ['getUserMessageCount'],
      title: "getUserMessageCount counts a user's todos (type=4)",
      mode: 'safe',
      doc: SECTION['5.2.5'],
      async run(ctx) {
        const ex = await ctx.call('getUserMessageCount', { token: await ctx.token(), account: await account(ctx), type: '4' });
        inconclusiveIfClosed(ctx, ex);
        expectSuccess(ctx, ex);
      },
    },
    {
      id: 'positive/getUserMessageList/first-page',
      group: 'positive',
      operationIds: ['getUserMessageList'],
      title: "getUserMessageList returns the first page of a user's messages",
      mode: 'safe',
      doc: SECTION['5.2.6'],
      async run(ctx) {
        const ex = await ctx.call('getUserMessageList', { token: await ctx.token(), account: await account(ctx), page: '1', size: '10' });
        inconclusiveIfClosed(ctx, ex);
        if (!expectSuccess(ctx, ex)) return;
        const list = ctx.resultData(ex)?.msglist;
        if (Array.isArray(list)) ctx.check('result_consistent', list.length <= 10, { expected: 'at most size=10 entries', got: `${list.length}` });
      },
    },
    {
      // Full mode only: 5.2.3 deletes what it returns, so even this query consumes the app's replies.
      id: 'positive/replyMessage/one',
      group: 'positive',
      operationIds: ['replyMessage'],
      title: 'replyMessage with count=1 returns at most one reply (consumes it)',
      mode: 'full',
      doc: SECTION['5.2.3'],
      risk: "takes (deletes) one of the app's replies",
      lock: 'replies',
      async run(ctx) {
        const ex = await ctx.call('replyMessage', { token: await ctx.token(), count: '1' });
        if (!expectSuccess(ctx, ex)) return;
        const list = ctx.resultData(ex);
        if (Array.isArray(list)) ctx.check('result_consistent', list.length <= 1, { expected: 'at most count=1 replies', got: `${list.length}` });
      },
    },
  ];

  const templateExample = spec.byId.has('sendTemplateApi') ? requestExample(spec, spec.byId.get('sendTemplateApi')!) : undefined;
  if (templateExample) {
    cases.push({
      id: 'positive/sendTemplateApi/document-example',
      group: 'positive',
      operationIds: ['getPublicList', 'getTemplateList', 'sendTemplateApi'],
      title: "sendTemplateApi: the document's example, addressed to the test user with the app's template",
      mode: 'full',
      doc: SECTION['5.3.3'],
      risk: 'a WeChat template message to the test user',
      async run(ctx) {
        await templateFollower(ctx);
        const t = await template(ctx);
        const params: Record<string, unknown> = { ...templateExample, publicId: t.publicId, templateId: t.templateId, url: LINK, messageType: '1', data: templateData(t.keywords, ctx.runTag) };
        delete params.pcUrl;
        const ex = await sendTemplate(ctx, params, 'sendTemplateApi');
        if (!expectSuccess(ctx, ex)) return;
        const status = ctx.resultData(ex)?.status;
        ctx.check('receivers_subscribed', status === '0', { expected: 'resultData.status string "0" (sent to WeChat) for a test user who follows the account', got: `status ${describeValue(status)}: ${ctx.resultData(ex)?.info}` }, { assumption: ASSUME.receiversReachable });
      },
    });
  }

  const cardExample = spec.byId.has('cardMessage') ? requestExample(spec, spec.byId.get('cardMessage')!) : undefined;
  if (cardExample) {
    cases.push({
      id: 'positive/cardMessage/document-example',
      group: 'positive',
      operationIds: ['cardMessage'],
      title: "cardMessage: the document's example, addressed to the test users",
      mode: 'full',
      doc: SECTION['5.3.4'],
      risk: 'a WeCom card to the test users',
      async run(ctx) {
        const users = await testUsers(ctx);
        const ex = await ctx.call('cardMessage', {
          ...cardExample,
          token: await ctx.token(),
          userList: users.map((u) => u.userId).join('|'),
          title: `umc-contract ${ctx.runTag}`,
          // The example's markup, with a text that tells a real test user to ignore it.
          description: '<div class="gray">umc-contract</div> <div class="normal">契约测试消息</div><div class="highlight">请忽略</div>',
          url: LINK,
        });
        expectSuccess(ctx, ex);
      },
    });
  }
  return cases.filter((c) => c.operationIds.every((id) => spec.byId.has(id)));
}

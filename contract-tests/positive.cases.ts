// Valid requests, from the spec's examples where it has them: they must succeed and their
// answers validate against the success schemas. Queries run in safe mode; sends only in full
// mode, to the test receivers (the mock's directory or the --receivers file).
import { expectSuccess } from '../src/contract/expect.js';
import { requestExample } from '../src/contract/generate.js';
import type { CaseContext, ContractCase, Exchange } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { sendTemplateToFollower, templateUsers, testUsers } from './receivers.js';
import { LINK, NOBODY } from './samples.js';

/** 400002 is the documented answer of an interface the administrator has not opened for the app. */
function skipIfClosed(ctx: CaseContext, ex: Exchange): void {
  if (ctx.rspCode(ex) === '400002') ctx.skip('the administrator has not opened this interface for the app (400002, documented)');
}

/** The account the user queries ask about: a test user if there is one, else nobody (counts of 0). */
async function account(ctx: CaseContext): Promise<string> {
  return (await ctx.receivers()).users[0]?.userId ?? NOBODY;
}

/** The official account to use: the --receivers file's, else the first usable one getPublicList lists. */
export async function officialAccount(ctx: CaseContext): Promise<string> {
  const given = (await ctx.receivers()).publicId;
  if (given) return given;
  const ex = await ctx.call('getPublicList', { token: await ctx.token() }, { label: 'getPublicList' });
  if (!expectSuccess(ctx, ex)) ctx.fail('flow_step', { expected: 'getPublicList to succeed', got: `rspCode ${ctx.rspCode(ex)}` });
  const usable = (ctx.resultData(ex) as { publicId?: string; status?: string }[]).find((p) => p.status === '1');
  if (!usable?.publicId) ctx.skip('the app has no usable official account (getPublicList lists none with status 1)');
  return usable.publicId;
}

export interface Template {
  templateId: string;
  keywords: string[];
}

/** The template to use and its keywordN placeholders, from getTemplateList. */
export async function template(ctx: CaseContext, publicId: string): Promise<Template> {
  const wanted = (await ctx.receivers()).templateId;
  const ex = await ctx.call('getTemplateList', { token: await ctx.token(), publicId }, { label: 'getTemplateList' });
  if (!expectSuccess(ctx, ex)) ctx.fail('flow_step', { expected: 'getTemplateList to succeed', got: `rspCode ${ctx.rspCode(ex)}` });
  const list = ctx.resultData(ex) as { template_id: string; content: string }[];
  const found = wanted ? list.find((t) => t.template_id === wanted) : list[0];
  if (!found) {
    if (wanted) ctx.fail('flow_step', { expected: `templateId ${wanted} (from --receivers) in getTemplateList(${publicId})`, got: list.map((t) => t.template_id).join(', ') || '[]' });
    ctx.skip('the official account has no template (getTemplateList returned [])');
  }
  const keywords = [...new Set([...found.content.matchAll(/\{\{(keyword\d+)\.DATA\}\}/g)].map((m) => m[1]!))];
  return { templateId: found.template_id, keywords };
}

export function templateData(keywords: string[], runTag: string): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = { first: { value: `umc-contract ${runTag}` } };
  keywords.forEach((k, i) => (data[k] = { value: `umc-contract 测试值${i + 1}` }));
  data.remark = { value: 'umc-contract 契约测试，请忽略' };
  return data;
}

export function positiveCases(spec: LoadedSpec): ContractCase[] {
  const cases: ContractCase[] = [
    {
      id: 'positive/getPublicList/list',
      group: 'positive',
      operationIds: ['getPublicList'],
      title: 'getPublicList lists the official accounts bound to the app',
      mode: 'safe',
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
      async run(ctx) {
        const ex = await ctx.call('getUserMessageCount', { token: await ctx.token(), account: await account(ctx) });
        skipIfClosed(ctx, ex);
        expectSuccess(ctx, ex);
      },
    },
    {
      id: 'positive/getUserMessageCount/todo',
      group: 'positive',
      operationIds: ['getUserMessageCount'],
      title: "getUserMessageCount counts a user's todos (type=4)",
      mode: 'safe',
      async run(ctx) {
        const ex = await ctx.call('getUserMessageCount', { token: await ctx.token(), account: await account(ctx), type: '4' });
        skipIfClosed(ctx, ex);
        expectSuccess(ctx, ex);
      },
    },
    {
      id: 'positive/getUserMessageList/first-page',
      group: 'positive',
      operationIds: ['getUserMessageList'],
      title: "getUserMessageList returns the first page of a user's messages",
      mode: 'safe',
      async run(ctx) {
        const ex = await ctx.call('getUserMessageList', { token: await ctx.token(), account: await account(ctx), page: '1', size: '10' });
        skipIfClosed(ctx, ex);
        if (!expectSuccess(ctx, ex)) return;
        const data = ctx.resultData(ex) as { total: number; msglist: unknown[] };
        ctx.check('result_consistent', data.msglist.length <= 10, { expected: 'at most size=10 entries', got: `${data.msglist.length}` });
      },
    },
    {
      // Full mode only: 5.2.3 deletes what it returns, so even this query consumes the app's replies.
      id: 'positive/replyMessage/one',
      group: 'positive',
      operationIds: ['replyMessage'],
      title: 'replyMessage with count=1 returns at most one reply (consumes it)',
      mode: 'full',
      async run(ctx) {
        const ex = await ctx.call('replyMessage', { token: await ctx.token(), count: '1' });
        if (!expectSuccess(ctx, ex)) return;
        const list = ctx.resultData(ex) as unknown[];
        ctx.check('result_consistent', list.length <= 1, { expected: 'at most count=1 replies', got: `${list.length}` });
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
      async run(ctx) {
        await templateUsers(ctx);
        const publicId = await officialAccount(ctx);
        const t = await template(ctx, publicId);
        const params: Record<string, unknown> = { ...templateExample, publicId, templateId: t.templateId, url: LINK, messageType: '1', data: templateData(t.keywords, ctx.runTag) };
        delete params.pcUrl;
        const ex = await sendTemplateToFollower(ctx, params, 'sendTemplateApi');
        if (!expectSuccess(ctx, ex)) return;
        const status = ctx.resultData(ex)?.status;
        ctx.check('flow_step', status === '0', { expected: 'resultData.status "0" (sent to WeChat)', got: `status ${JSON.stringify(status)}: ${ctx.resultData(ex)?.info}` });
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

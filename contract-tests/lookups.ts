// What several cases need and look up once per run, as prerequisites: the official account and
// template 5.3.3 sends with, and the person who follows that account. A lookup that does not work
// makes the cases that need it inconclusive; the cases of 5.2.1 and 5.2.2 judge those operations.
import type { CaseContext } from '../src/contract/types.js';
import { LINK } from './samples.js';

export interface Template {
  templateId: string;
  keywords: string[];
}

/** The official account to use: the --receivers file's, else the first usable one getPublicList lists. */
export function officialAccount(ctx: CaseContext): Promise<string> {
  return ctx.shared('official-account', async (ctx) => {
    const given = (await ctx.receivers()).publicId;
    if (given) return given;
    const ex = await ctx.need('getPublicList', { token: await ctx.token() }, { label: 'getPublicList', purpose: 'the official account to send from' });
    const list = ctx.resultData(ex);
    const usable = Array.isArray(list) ? (list as { publicId?: unknown; status?: unknown }[]).find((p) => p?.status === '1' && typeof p.publicId === 'string') : undefined;
    if (!usable) return ctx.inconclusive('the app has no usable official account (getPublicList lists none with status "1")');
    return usable.publicId as string;
  });
}

/** The template to use and its keywordN placeholders, from getTemplateList. */
export function template(ctx: CaseContext): Promise<Template & { publicId: string }> {
  return ctx.shared('template', async (ctx) => {
    const publicId = await officialAccount(ctx);
    const wanted = (await ctx.receivers()).templateId;
    const ex = await ctx.need('getTemplateList', { token: await ctx.token(), publicId }, { label: 'getTemplateList', purpose: 'a template to send' });
    const data = ctx.resultData(ex);
    const list = (Array.isArray(data) ? data : []).filter((t): t is { template_id: string; content: string } => typeof t?.template_id === 'string' && typeof t?.content === 'string');
    const found = wanted ? list.find((t) => t.template_id === wanted) : list[0];
    if (!found) {
      return ctx.inconclusive(wanted ? `templateId ${wanted} (from --receivers) is not in getTemplateList(${publicId})` : 'the official account has no template (getTemplateList returned [])');
    }
    const keywords = [...new Set([...found.content.matchAll(/\{\{(keyword\d+)\.DATA\}\}/g)].map((m) => m[1]!))];
    return { publicId, templateId: found.template_id, keywords };
  });
}

export function templateData(keywords: string[], runTag: string): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = { first: { value: `umc-contract ${runTag}` } };
  keywords.forEach((k, i) => (data[k] = { value: `umc-contract 测试值${i + 1}` }));
  data.remark = { value: 'umc-contract 契约测试，请忽略' };
  return data;
}

/** 600003 (no openid for this account) and 600024 (unfollowed): not this person. */
const NOT_A_FOLLOWER = ['600003', '600024'];

/**
 * Who receives 5.3.3: the --receivers file's templateUserId (or first user). On the mock, whose
 * directory does not say who follows which account, the directory people in turn (best reachable
 * first), each sent one template message until one is a follower.
 */
export function templateFollower(ctx: CaseContext): Promise<string> {
  return ctx.shared('template-follower', async (ctx) => {
    const r = await ctx.receivers();
    const named = r.templateUserId ?? r.users[0]?.userId;
    if (!r.templateCandidates || r.templateCandidates.length === 0) {
      if (!named) return ctx.inconclusive(ctx.isMock ? "the mock's directory (GET /__umc/users) lists no people" : 'the --receivers file names no people (users/templateUserId)');
      return named;
    }
    const t = await template(ctx);
    for (const [i, userId] of r.templateCandidates.entries()) {
      const params = { token: await ctx.token(), userId, publicId: t.publicId, templateId: t.templateId, messageType: '1', url: LINK, data: templateData(t.keywords, ctx.runTag) };
      const ex = await ctx.need('sendTemplateApi', params, { label: `find a follower #${i + 1}`, purpose: 'a directory person who follows the official account', accept: NOT_A_FOLLOWER });
      if (!NOT_A_FOLLOWER.includes(ctx.rspCode(ex) ?? '')) return userId;
    }
    return ctx.inconclusive('nobody in the directory follows the official account (600003/600024 for every candidate)');
  });
}

/** 5.3.3 to the test person who follows the official account. */
export async function sendTemplate(ctx: CaseContext, params: Record<string, unknown>, label: string) {
  const userId = await templateFollower(ctx);
  return ctx.call('sendTemplateApi', { ...params, token: await ctx.token(), userId }, { label });
}

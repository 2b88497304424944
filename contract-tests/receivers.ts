// Who full mode may send to: the --receivers file's people, or on the mock its directory.
// Never anyone else: when nobody is named, the case is inconclusive.
import type { CaseContext, Exchange, Receivers } from '../src/contract/types.js';

function missing(ctx: CaseContext, what: string, fileKey: string): never {
  if (ctx.isMock) return ctx.inconclusive(`the mock's directory (GET /__umc/users) lists no ${what}`);
  return ctx.inconclusive(`the --receivers file names no ${what} (${fileKey})`);
}

export async function testUsers(ctx: CaseContext): Promise<Receivers['users']> {
  const r = await ctx.receivers();
  return r.users.length > 0 ? r.users : missing(ctx, 'people', 'users');
}

export async function testMobiles(ctx: CaseContext): Promise<Receivers['mobiles']> {
  const r = await ctx.receivers();
  return r.mobiles.length > 0 ? r.mobiles : missing(ctx, 'mobiles', 'mobiles');
}

/**
 * Who to address a template message to: the --receivers file's templateUserId (or first user);
 * on the mock, directory people in turn (best reachable first).
 */
export async function templateUsers(ctx: CaseContext): Promise<string[]> {
  const r = await ctx.receivers();
  if (r.templateCandidates && r.templateCandidates.length > 0) return r.templateCandidates;
  const one = r.templateUserId ?? r.users[0]?.userId;
  return one ? [one] : missing(ctx, 'people', 'users/templateUserId');
}

/** 600003 (no openid for this account) and 600024 (unfollowed): try the next candidate. */
const NOT_A_FOLLOWER = ['600003', '600024'];

/**
 * Sends 5.3.3 to the first candidate who follows the official account. Off the mock there is
 * one candidate, the person the --receivers file names.
 */
export async function sendTemplateToFollower(ctx: CaseContext, params: Record<string, unknown>, label: string): Promise<Exchange> {
  const candidates = await templateUsers(ctx);
  let ex: Exchange | undefined;
  for (const userId of candidates) {
    ex = await ctx.call('sendTemplateApi', { ...params, token: await ctx.token(), userId }, { label: `${label} (${userId})` });
    if (!NOT_A_FOLLOWER.includes(ctx.rspCode(ex) ?? '')) break;
  }
  return ex!;
}

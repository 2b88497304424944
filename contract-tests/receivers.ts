// Who full mode may send to: the --receivers file's people, or on the mock its directory.
// Never anyone else: when nobody is named, the case is inconclusive (or, for a rejection case,
// addressed to a placeholder that reaches nobody, and says so).
import type { CaseContext, Receivers } from '../src/contract/types.js';

export function missing(ctx: CaseContext, what: string, fileKey: string): never {
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

/** 5.3.1's receivers parameter for these people. */
export function receiversParam(list: Receivers['users']): string {
  return JSON.stringify(list.map((u) => ({ type: 'User', userId: u.userId, name: u.name ?? u.userId })));
}

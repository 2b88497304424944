// Who full mode may send to: the --receivers file's people, or on the mock its directory.
// Never anyone else: when nobody is named, the case is skipped.
import { NOT_IMPLEMENTED_REASON } from '../src/contract/runner.js';
import type { CaseContext, Receivers } from '../src/contract/types.js';

function missing(ctx: CaseContext, what: string, fileKey: string): never {
  if (ctx.isMock) return ctx.skip(`${NOT_IMPLEMENTED_REASON} (the mock's directory GET /__umc/users lists no ${what})`);
  return ctx.skip(`the --receivers file names no ${what} (${fileKey})`);
}

export async function testUsers(ctx: CaseContext): Promise<Receivers['users']> {
  const r = await ctx.receivers();
  return r.users.length > 0 ? r.users : missing(ctx, 'people', 'users');
}

export async function testMobiles(ctx: CaseContext): Promise<Receivers['mobiles']> {
  const r = await ctx.receivers();
  return r.mobiles.length > 0 ? r.mobiles : missing(ctx, 'mobiles', 'mobiles');
}

/** The user who follows the official account, for template messages. */
export async function templateUser(ctx: CaseContext): Promise<string> {
  const r = await ctx.receivers();
  return r.templateUserId ?? r.users[0]?.userId ?? missing(ctx, 'people', 'users/templateUserId');
}

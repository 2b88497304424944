// A rejection case is valid but for the one thing under test: in full mode it is addressed to the
// test receivers, so that no other rule (500007 for nobody subscribed, 600000 for no such account)
// can answer before the one under test. A faithful platform refuses it; a broken one delivers one
// message, titled with the run tag, to a person who opted in. Where no test receiver was given,
// placeholders that match nobody stand in, and the case says so.
import { InconclusiveSignal } from '../src/contract/case-run.js';
import type { Params } from '../src/contract/generate.js';
import type { CaseContext } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { template, templateData, templateFollower } from './lookups.js';
import { receiversParam } from './receivers.js';
import { NOBODY, NO_MOBILE, UNKNOWN_ID, rejectionBaseline } from './samples.js';

/** Why a placeholder stands in, in the words of the report. */
function noReceiver(ctx: CaseContext, what: string, fileKey: string, placeholder: string): string {
  const where = ctx.isMock ? "the mock's directory lists none" : `the --receivers file names none (${fileKey})`;
  return `addressed to the placeholder ${placeholder}: no test ${what} given, ${where}`;
}

/** A lookup that may end the case inconclusive, as undefined instead (the caller falls back to a placeholder). */
async function lookup<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof InconclusiveSignal) return undefined;
    throw err;
  }
}

/**
 * The request a rejection case mutates one field of: valid per openapi.yaml, addressed to the test
 * receivers (the first test user or mobile, the official account and template, the person who
 * follows it), titled with the run tag. The token is added by the case.
 */
export async function rejectionRequest(ctx: CaseContext, spec: LoadedSpec, operationId: string): Promise<Params> {
  const base = rejectionBaseline(spec, operationId);
  const r = await ctx.receivers();
  const user = r.users[0];
  const tag = `umc-contract ${ctx.runTag}`;
  switch (operationId) {
    case 'sendMessageApi':
      if (!user) ctx.placeholder(noReceiver(ctx, 'user', 'users', NOBODY));
      return {
        ...base,
        msgtitle: `${tag} 校验用例（应被拒绝）`,
        msgContent: `${tag}: 此请求应在投递前被拒绝`,
        sendChannel: r.sendChannel,
        ...(user ? { receivers: receiversParam([user]) } : {}),
      };
    case 'sendMessageBySMSApi': {
      const mobile = r.mobiles[0];
      if (!mobile) ctx.placeholder(noReceiver(ctx, 'mobile', 'mobiles', NO_MOBILE));
      return {
        msgContent: `〖umc-contract〗${ctx.runTag} 此请求应在投递前被拒绝`,
        receivers: mobile ? JSON.stringify([{ name: mobile.name ?? 'umc-contract', mobile: mobile.mobile }]) : base.receivers,
      };
    }
    case 'cardMessage':
      if (!user) ctx.placeholder(noReceiver(ctx, 'user', 'users', NOBODY));
      return { ...base, title: `${tag} 校验用例（应被拒绝）`, ...(user ? { userList: user.userId } : {}) };
    case 'sendTemplateApi': {
      const t = await lookup(() => template(ctx));
      const follower = t && (await lookup(() => templateFollower(ctx)));
      if (!t || !follower) {
        ctx.placeholder(`addressed to the placeholders ${NOBODY} and ${UNKNOWN_ID}: no official account, template or follower could be had`);
        return base;
      }
      return { ...base, userId: follower, publicId: t.publicId, templateId: t.templateId, messageType: '1', data: templateData(t.keywords, ctx.runTag) };
    }
    case 'getUserMessageCount':
    case 'getUserMessageList':
      // Read-only: a test user when there is one (a platform may refuse an account it does not know).
      return user ? { ...base, account: user.userId } : base;
    default:
      return base;
  }
}

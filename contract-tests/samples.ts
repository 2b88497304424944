// Values the cases send. A rejection case is valid but for the one thing under test: in full mode
// it is addressed to the test receivers, so that no other rule (500007 for nobody subscribed,
// 600000 for no such account) can answer before the one under test. A faithful platform refuses it;
// a broken one delivers one message, titled with the run tag, to a person who opted in. Where no
// test receiver was given, placeholders that match nobody stand in, and the case says so.
import { InconclusiveSignal } from '../src/contract/case-run.js';
import { requestExample } from '../src/contract/generate.js';
import type { LoadedSpec } from '../src/spec/load.js';
import type { Params } from '../src/contract/generate.js';
import type { CaseContext } from '../src/contract/types.js';
import { template, templateData, templateFollower } from './lookups.js';
import { receiversParam } from './receivers.js';

/** A userId no directory has. */
export const NOBODY = 'umc-contract-nobody';
/** Not a dialable number anywhere. */
export const NO_MOBILE = '00000000000';
/** A well-formed id that no platform issued (UUID v4 of zeros). */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** Stands for the token while the expected code is computed (the run sends a real one). */
export const TOKEN_STAND_IN = '11111111-1111-4111-8111-111111111111';
/** Link used in sends: a reserved domain, never a real site. */
export const LINK = 'https://example.com/umc-contract';

/**
 * A request to each operation that is valid per openapi.yaml but addresses nobody: what the
 * token cases send without a valid token, and the fallback of a rejection case with no receiver.
 */
export function rejectionBaseline(spec: LoadedSpec, operationId: string): Params {
  const op = spec.byId.get(operationId)!;
  switch (operationId) {
    case 'getThirdAPIToken':
    case 'getThirdAPITokenByGet':
      return { appId: 'MSG000000', appPassword: 'umc-contract-stand-in' };
    case 'getPublicList':
      return {};
    case 'getTemplateList':
      return { publicId: UNKNOWN_ID };
    case 'replyMessage':
      return { count: '1' };
    case 'getProgress':
      return { msgId: UNKNOWN_ID };
    case 'getUserMessageCount':
      return { account: NOBODY, type: '1' };
    case 'getUserMessageList':
      return { account: NOBODY, page: '1', size: '10', type: '3' };
    case 'sendMessageApi':
      return {
        msgtitle: 'umc-contract 校验用例（应被拒绝）',
        msgType: '1',
        msgContent: 'umc-contract: 此请求应在投递前被拒绝',
        sendStatus: '1',
        sendChannel: 'Portal',
        sendMode: 'normal',
        receivers: JSON.stringify([{ type: 'User', userId: NOBODY, name: 'umc-contract' }]),
        sendMsgType: '1',
        summary: 'umc-contract',
        iconUrl: `${LINK}.png`,
        isReply: '0',
        waitLink: LINK,
        pcUrl: LINK,
        sendTime: '2099-01-01 00:00:00',
      };
    case 'sendMessageBySMSApi':
      return { msgContent: 'umc-contract: 此请求应在投递前被拒绝', receivers: JSON.stringify([{ name: 'umc-contract', mobile: NO_MOBILE }]) };
    case 'sendTemplateApi': {
      const example = requestExample(spec, op) ?? {};
      delete example.token;
      return { ...example, userId: NOBODY, publicId: UNKNOWN_ID, templateId: 'umc-contract-no-such-template', url: LINK, pcUrl: LINK };
    }
    case 'cardMessage': {
      const example = requestExample(spec, op) ?? {};
      delete example.token;
      return { ...example, userList: NOBODY, url: LINK };
    }
    case 'checkMessageStatusApi':
      return { msgId: UNKNOWN_ID, messageType: '1', state: '2' };
    default:
      throw new Error(`contract-tests/samples.ts has no baseline for ${operationId}: add one`);
  }
}

/** A wall-clock time as the platform writes it: yyyy-MM-dd HH:mm:ss in China Standard Time (UTC+8). */
export function chinaTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

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

// Values the cases send. Placeholders match nobody, so a request carrying them reaches no person
// even on a platform that wrongly accepted it (rejection-request.ts addresses rejection cases to the
// test receivers instead, where they were given).
import { requestExample } from '../src/contract/generate.js';
import type { LoadedSpec } from '../src/spec/load.js';
import type { Params } from '../src/contract/generate.js';

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

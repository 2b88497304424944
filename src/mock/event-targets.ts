import type { Params } from '../spec/validate.js';
import type { ControlInput } from './control/types.js';

/**
 * What the dev inbox's events name, so that a page re-reads only that: the message an API call
 * created or changed (5.3.1/5.3.2 answer a msgId, 5.3.3 a messageId, 5.4.1 names one), and the
 * person and message a control-plane action was about.
 */
export function changedMessage(resultData: unknown, params: Params): string | undefined {
  const answered = resultData !== null && typeof resultData === 'object' ? (resultData as Record<string, unknown>) : {};
  const id = answered.msgId ?? answered.messageId ?? params.msgId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function actionTargets(input: ControlInput): { userId?: string; msgId?: string } {
  const targets: { userId?: string; msgId?: string } = {};
  if (input.path.userId) targets.userId = input.path.userId;
  const msgId = input.path.msgId ?? input.body.msgId;
  if (typeof msgId === 'string' && msgId !== '') targets.msgId = msgId;
  return targets;
}

import type { FaultRule } from '../domain/faults.js';
import { JSON_CONTENT_TYPE } from './envelope.js';

/**
 * What a fault rule makes of a call: go on normally (after a delay), answer with the operation's
 * envelope and the rule's rspCode, answer with this raw response, or nothing at all (the
 * transport drops the connection).
 */
export type FaultOutcome = { kind: 'continue'; delayMs: number } | { kind: 'rspCode' } | { kind: 'drop' } | { kind: 'raw'; status: number; contentType: string; body: string };

/** A body cut off mid-way, as a proxy that dropped the rest would deliver it. */
const CUT_OFF_BODY = '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"';

export function faultOutcome(rule: FaultRule): FaultOutcome {
  const { action } = rule;
  switch (action.type) {
    case 'latency':
      return { kind: 'continue', delayMs: action.ms };
    case 'rspCode':
      return { kind: 'rspCode' };
    case 'httpStatus':
      return { kind: 'raw', status: action.status, contentType: 'text/html;charset=UTF-8', body: '' };
    case 'malformed':
      return { kind: 'raw', status: 200, contentType: JSON_CONTENT_TYPE, body: CUT_OFF_BODY };
    case 'drop':
      return { kind: 'drop' };
  }
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultRule } from '../domain/faults.js';
import { callRecord } from './call-record.js';
import { JSON_CONTENT_TYPE } from './envelope.js';

/**
 * What a fault rule makes of a call: go on normally (after a delay), answer with the operation's
 * envelope and the rule's rspCode, answer with this raw response, or nothing at all (the
 * connection was dropped). The server sends and journals; only dropping happens here.
 */
export type FaultOutcome = 'continue' | 'rspCode' | 'dropped' | { status: number; contentType: string; body: string };

/** A body cut off mid-way, as a proxy that dropped the rest would deliver it. */
const CUT_OFF_BODY = '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"';

export async function applyFault(rule: FaultRule, req: FastifyRequest, reply: FastifyReply): Promise<FaultOutcome> {
  callRecord(req).faultId = rule.id;
  const { action } = rule;
  switch (action.type) {
    case 'latency':
      await new Promise((resolve) => setTimeout(resolve, action.ms));
      return 'continue';
    case 'rspCode':
      return 'rspCode';
    case 'httpStatus':
      return { status: action.status, contentType: 'text/html;charset=UTF-8', body: '' };
    case 'malformed':
      return { status: 200, contentType: JSON_CONTENT_TYPE, body: CUT_OFF_BODY };
    case 'drop':
      reply.hijack();
      req.raw.socket.destroy();
      return 'dropped';
  }
}

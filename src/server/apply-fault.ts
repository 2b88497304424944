import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultRule } from '../domain/faults.js';
import type { Journal } from '../store/journal.js';
import type { Clock } from '../domain/clock.js';
import { callRecord } from './call-record.js';
import { journalCall } from './journal-hook.js';

/**
 * Carries out a fault rule. 'continue' means the call goes on normally (after a delay);
 * 'answered' means the fault produced (or refused) the answer. rspCode faults are answered by
 * the caller, which knows how to build the operation's envelope.
 */
export async function applyFault(rule: FaultRule, req: FastifyRequest, reply: FastifyReply, journal: Journal, clock: Clock): Promise<'continue' | 'answered' | 'rspCode'> {
  callRecord(req).faultId = rule.id;
  const { action } = rule;
  switch (action.type) {
    case 'latency':
      await new Promise((resolve) => setTimeout(resolve, action.ms));
      return 'continue';
    case 'rspCode':
      return 'rspCode';
    case 'httpStatus':
      reply.code(action.status).header('content-type', 'text/html;charset=UTF-8').send('');
      journalCall(journal, clock, req, action.status, reply.elapsedTime);
      return 'answered';
    case 'malformed':
      // A body cut off mid-way, as a proxy that dropped the rest would deliver it.
      reply.code(200).header('content-type', 'application/json;charset=UTF-8').send('{"rspCode":"000000","rspMsg":"操作完成","resultData":{"');
      journalCall(journal, clock, req, 200, reply.elapsedTime);
      return 'answered';
    case 'drop':
      journalCall(journal, clock, req, 0, reply.elapsedTime);
      reply.hijack();
      req.raw.socket.destroy();
      return 'answered';
  }
}

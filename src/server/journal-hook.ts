import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../domain/clock.js';
import { boundValue, type Journal } from '../store/journal.js';
import { peekCallRecord } from './call-record.js';
import { redactParams } from './redact.js';

export const CONTROL_PREFIX = '/__umc';
/** Swagger UI (src/control/static-pages.ts): the mock's own page, not a call to the platform. */
export const DOCS_PREFIX = '/docs';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Writes one journal entry for an API call (not for control-plane calls). */
export function journalCall(journal: Journal, clock: Clock, req: FastifyRequest, httpStatus: number, durationMs: number): void {
  const path = pathOf(req.url);
  if (path.startsWith(CONTROL_PREFIX) || path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) return;
  const record = peekCallRecord(req);
  journal.add({
    time: new Date(clock.now()).toISOString(),
    method: req.method,
    path,
    operationId: record?.op?.operationId ?? null,
    section: record?.op?.section ?? null,
    appId: record?.appId ?? null,
    params: boundValue(redactParams(record?.params ?? {})) as Record<string, unknown>,
    httpStatus,
    rspCode: record?.rspCode ?? null,
    rspMsg: record?.rspMsg ?? null,
    durationMs: Math.round(durationMs * 100) / 100,
    ...(record?.faultId ? { faultId: record.faultId } : {}),
  });
}

/** Every answered API call goes to the journal, 404s and 405s included: wrong paths are worth seeing. */
export function registerJournalHook(app: FastifyInstance, journal: Journal, clock: Clock): void {
  app.addHook('onResponse', async (req, reply) => {
    journalCall(journal, clock, req, reply.statusCode, reply.elapsedTime);
  });
}

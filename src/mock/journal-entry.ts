import type { Clock } from '../domain/clock.js';
import { boundValue, type Journal } from '../store/journal.js';
import type { CallRecord } from './call-record.js';
import { isSecretName, redactAnswer, redactParams } from './redact.js';

export const CONTROL_PREFIX = '/__umc';
/** Swagger UI (src/control/static-pages.ts): the mock's own page, not a call to the platform. */
export const DOCS_PREFIX = '/docs';

const FLAT_MAX = 1024;

/**
 * The parameters as the journal keeps them: secrets masked, long or deep values cut. The usual
 * case (a flat map of short strings) is copied in one pass; anything else takes the general path.
 */
function journalParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(params);
  if (keys.length > 50) return boundValue(redactParams(params)) as Record<string, unknown>;
  for (const key of keys) {
    const value = params[key];
    if (key === '__proto__' || (typeof value === 'string' ? value.length > FLAT_MAX : value !== null && typeof value === 'object')) {
      return boundValue(redactParams(params)) as Record<string, unknown>;
    }
    out[key] = value !== undefined && isSecretName(key) ? '***' : value;
  }
  return out;
}

/**
 * Writes one journal entry for an API call, 404s and 405s included (wrong paths are worth seeing);
 * calls to the control plane and its pages are the mock's own and stay out.
 */
export function journalCall(journal: Journal, clock: Clock, record: CallRecord, httpStatus: number, durationMs: number, answer?: string): void {
  const { path } = record;
  if (path.startsWith(CONTROL_PREFIX) || path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) return;
  journal.add({
    at: clock.now(),
    method: record.method,
    path,
    operationId: record.op?.operationId ?? null,
    section: record.op?.section ?? null,
    appId: record.appId ?? null,
    params: journalParams(record.params),
    httpStatus,
    rspCode: record.rspCode ?? null,
    rspMsg: record.rspMsg ?? null,
    detail: record.detail,
    durationMs: Math.round(durationMs * 100) / 100,
    faultId: record.faultId || undefined,
    msgId: record.msgId,
    // What the caller got, secrets masked and cut like a long parameter, so the inbox can show it.
    answer: answer === undefined ? null : (boundValue(redactAnswer(answer)) as string),
  });
}

import type { Clock } from '../domain/clock.js';
import { boundValue, type Journal, type SettleEntry } from '../store/journal.js';
import type { CallRecord } from './call-record.js';
import { redactAnswer, redactParams } from './redact.js';

export const CONTROL_PREFIX = '/__umc';
/** Swagger UI (src/control/static-pages.ts): the mock's own page, not a call to the platform. */
export const DOCS_PREFIX = '/docs';

const FLAT_MAX = 1024;

/**
 * Whether the journal may keep the parameters as they are until read: the usual flat map of short
 * values. Anything else (long, deep, wide, a __proto__ name) is cut and masked into a copy at once,
 * so one huge request cannot make the journal hold megabytes.
 */
function keptAsIs(params: Record<string, unknown>): boolean {
  let n = 0;
  for (const key in params) {
    const value = params[key];
    if (++n > 50 || key === '__proto__' || (typeof value === 'string' ? value.length > FLAT_MAX : value !== null && typeof value === 'object')) return false;
  }
  return true;
}

/**
 * Secrets are masked when an entry is first read, not on every call: a loaded mock overwrites
 * most entries unread. (Until then the value sits only in this process's memory; nothing that
 * shows an entry sees it.) Masking twice changes nothing, so cut entries take it too.
 */
const maskSecrets: SettleEntry = (entry) => {
  entry.params = redactParams(entry.params);
  if (entry.answer !== null) entry.answer = redactAnswer(entry.answer);
};

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
    params: keptAsIs(record.params) ? record.params : (boundValue(redactParams(record.params)) as Record<string, unknown>),
    httpStatus,
    rspCode: record.rspCode ?? null,
    rspMsg: record.rspMsg ?? null,
    detail: record.detail,
    durationMs: Math.round(durationMs * 100) / 100,
    faultId: record.faultId || undefined,
    msgId: record.msgId,
    // What the caller got, secrets masked and cut like a long parameter, so the inbox can show it
    // (a long one masked before it is cut, so no cut can split a secret from its name).
    answer: answer === undefined ? null : answer.length <= FLAT_MAX ? answer : (boundValue(redactAnswer(answer)) as string),
    settle: maskSecrets,
  });
}

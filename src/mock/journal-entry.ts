import type { Clock } from '../domain/clock.js';
import { MAX_STRING, boundValue, keptCopy, keptString, withinBounds, type Journal, type SettleEntry } from '../store/journal.js';
import type { CallRecord } from './call-record.js';
import { redactAnswer, redactParams } from './redact.js';

export const CONTROL_PREFIX = '/__umc';
/** Swagger UI (src/control/static-pages.ts): the mock's own page, not a call to the platform. */
export const DOCS_PREFIX = '/docs';

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
  const { path, op } = record;
  if (path.startsWith(CONTROL_PREFIX) || path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) return;
  // A refusal's texts are made from the request (a name, a value, a header): copies, so that none
  // is a view keeping the request alive. A success's rspMsg is the operation's own.
  const succeeded = op !== undefined && record.rspCode === op.success.rspCode;
  journal.add({
    at: clock.now(),
    method: record.method,
    // The path as called is a view of the whole URL, query included: the operation's own string, or a copy.
    path: path === op?.path ? op.path : keptCopy(path),
    operationId: op?.operationId ?? null,
    section: op?.section ?? null,
    appId: record.appId === undefined ? null : keptString(record.appId),
    // Anything not within bounds (long, deep, wide, a __proto__ name) is cut and masked into a copy at once.
    params: withinBounds(record.params) ? record.params : (boundValue(redactParams(record.params)) as Record<string, unknown>),
    httpStatus,
    rspCode: record.rspCode ?? null,
    rspMsg: record.rspMsg === undefined ? null : succeeded ? record.rspMsg : keptCopy(record.rspMsg),
    detail: record.detail === undefined ? undefined : keptCopy(record.detail),
    durationMs: Math.round(durationMs * 100) / 100,
    faultId: record.faultId || undefined,
    msgId: record.msgId === undefined ? undefined : keptString(record.msgId),
    // What the caller got, secrets masked and cut like a long parameter, so the inbox can show it
    // (a long one masked before it is cut, so no cut can split a secret from its name).
    answer: answer === undefined ? null : answer.length <= MAX_STRING ? answer : keptString(redactAnswer(answer)),
    settle: maskSecrets,
  });
}

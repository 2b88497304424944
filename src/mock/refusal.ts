/** A refused call as the core answers it: a validation issue or a UmcError. */
export interface Refusal {
  rspCode: string;
  rspMsg: string;
  detail?: string;
}

/**
 * Adds the hint about an ignored body: to 500001's rspMsg, which says what is wrong; for any other
 * code to the journal's detail, since rspMsg is the code's fixed text.
 */
export function withHint(refusal: Refusal, hint: string): { rspMsg: string; detail: string | undefined } {
  if (refusal.rspCode === '500001') return { rspMsg: refusal.rspMsg + hint, detail: refusal.detail };
  return { rspMsg: refusal.rspMsg, detail: hint ? `${refusal.detail ?? ''}${hint}` : refusal.detail };
}

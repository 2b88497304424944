import { secretForms } from '../secret-forms.js';

/** Names whose values are secrets: never logged, journalled or reported. */
export const SECRET_PARAMS = ['appPassword', 'token'] as const;

const SECRET_NAMES = new Set(SECRET_PARAMS.map((p) => p.toLowerCase()));

const SECRET_LENGTHS = new Set(SECRET_PARAMS.map((p) => p.length));

/**
 * Whether a parameter name (as parsed) names a secret, in any letter case: APPPASSWORD too. It is
 * asked of every parameter of a journal entry (when the entry is first read, or cut), of a --data
 * log line and of a refusal's detail: a name of another length is no secret, so only names of a
 * secret's length are lower-cased.
 */
export function isSecretName(key: string): boolean {
  const name = key.trim();
  return SECRET_LENGTHS.has(name.length) && SECRET_NAMES.has(name.toLowerCase());
}

/** A query key as the servlet reads it: percent-decoded, '+' a space (so %61ppPassword is appPassword). */
function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' ')).trim().toLowerCase();
  } catch {
    return key.toLowerCase();
  }
}

/** A URL with the values of secret query parameters replaced by ***, however their names are encoded. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_NAMES.has(decodedKey(key)) ? `${key}=***` : pair;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${redacted}${hash < 0 ? '' : url.slice(hash)}`;
}

/** A copy of a parameter map with secret values replaced by ***. */
export function redactParams<T extends Record<string, unknown>>(params: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = isSecretName(key) && value !== undefined ? '***' : value;
  }
  return out as T;
}

/** A copy of a parameter map without its secrets (what --data logs of a call). */
export function withoutSecrets(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (!isSecretName(key)) out[key] = value;
  return out;
}

/** The compact JSON answers carry a secret only as a string field named like one (5.1.1's "token"). */
const SECRET_FIELD = new RegExp(`"(${SECRET_PARAMS.join('|')})":"[^"]*"`, 'g');

/** An answer's text with the values of secret fields replaced by ***. */
export function redactAnswer(body: string): string {
  return SECRET_PARAMS.some((name) => body.includes(`"${name}"`)) ? body.replace(SECRET_FIELD, '"$1":"***"') : body;
}

/**
 * A text made from a request (a refusal's detail) with the values of that request's secrets
 * replaced by ***, in every form they travel in: an integrator who put the token where the msgId
 * goes gets a detail naming the msgId, and the token must not come back in the journal or the
 * X-UMC-Detail header. Values under 3 characters are left alone (masking them would garble the
 * text and hide nothing), as umc-contract's masking does.
 */
export function redactText(text: string, params: Record<string, unknown>): string {
  let out = text;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string' || value.length < 3 || !isSecretName(key)) continue;
    for (const form of secretForms(value)) if (out.includes(form)) out = out.split(form).join('***');
  }
  return out;
}

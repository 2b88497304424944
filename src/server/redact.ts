/** Names whose values are secrets: never logged, journalled or reported. */
export const SECRET_PARAMS = ['appPassword', 'token'] as const;

const SECRET_IN_QUERY = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&#]*`, 'gi');

/** A URL with secret query values replaced by ***. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_IN_QUERY, '$1***');
}

/** A copy of a parameter map with secret values replaced by ***. */
export function redactParams<T extends Record<string, unknown>>(params: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = (SECRET_PARAMS as readonly string[]).includes(key) && value !== undefined ? '***' : value;
  }
  return out as T;
}

/**
 * The forms a secret travels in: as is, URL-encoded, form-encoded, JSON-escaped. One function for
 * every place that looks for a secret in a text: umc-contract's masking and its echo check, and the
 * mock's masking of a refusal's detail (the journal, the X-UMC-Detail header).
 */
export function secretForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])];
}

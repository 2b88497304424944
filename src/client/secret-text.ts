/**
 * The forms a secret travels in: as is, URL-encoded (once, and twice as a redirect's service=
 * parameter carries a URL), form-encoded, JSON-escaped. The same forms as the contract suite's
 * secretForms (src/contract/secrets.ts); the layers keep the client and the suite apart.
 */
function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [...new Set([secret, encoded, encodeURIComponent(encoded), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])];
}

/** The text with every form of the secret replaced by ***: what an error may show of an answer. */
export function maskSecret(text: string, secret: string): string {
  // Masking one or two characters everywhere would garble the text and reveal nothing.
  if (secret.length < 3) return text;
  let out = text;
  for (const form of secretForms(secret)) out = out.split(form).join('***');
  return out;
}

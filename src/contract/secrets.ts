import { secretForms } from '../secret-forms.js';

/**
 * The secrets of a run (the appPassword, the admin token and every token the target issued).
 * Every text the suite prints or writes passes through mask(); curl commands refer to them by
 * variable name.
 */
export class Secrets {
  private readonly values = new Map<string, string>();

  constructor(appPassword: string, adminToken?: string) {
    this.add(appPassword, 'UMC_APP_PASSWORD');
    if (adminToken) this.add(adminToken, 'UMC_ADMIN_TOKEN');
  }

  /**
   * Registers every token an answer carries, from the moment it is read, whatever its rspCode or
   * shape: any value under a key named like "token", and for 5.1.1 every value of resultData.
   */
  absorb(json: unknown, fromTokenOperation: boolean): void {
    const visit = (node: unknown, secret: boolean, depth: number): void => {
      if (depth > 20) return;
      if (typeof node === 'string' || typeof node === 'number') {
        if (secret) this.add(String(node), 'UMC_TOKEN');
        return;
      }
      if (Array.isArray(node)) {
        for (const item of node) visit(item, secret, depth + 1);
        return;
      }
      if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) visit(value, secret || /token/i.test(key), depth + 1);
      }
    };
    if (!json || typeof json !== 'object') return;
    for (const [key, value] of Object.entries(json)) visit(value, /token/i.test(key) || (fromTokenOperation && key === 'resultData'), 0);
  }

  /** Registers a secret value and the shell variable a reproduction names it by. */
  add(value: string, variable: string): void {
    if (value !== '') this.values.set(value, variable);
  }

  variableFor(value: string): string | undefined {
    return this.values.get(value);
  }

  /** The text with every secret (raw, URL-encoded or JSON-escaped) replaced by ***. */
  mask(text: string): string {
    let out = text;
    for (const secret of this.values.keys()) {
      // Masking one or two characters everywhere would garble the text and reveal nothing.
      if (secret.length < 3) continue;
      for (const form of secretForms(secret)) {
        out = out.split(form).join('***');
      }
    }
    return out;
  }

  /** A deep copy of a JSON value with secrets masked in every string. */
  maskValue<T>(value: T): T {
    if (typeof value === 'string') return this.mask(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.maskValue(v)])) as T;
    }
    return value;
  }
}

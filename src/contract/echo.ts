import { secretForms } from '../secret-forms.js';
import type { Exchange, SecurityFinding } from './types.js';

function contains(text: string, secret: string): boolean {
  return secretForms(secret).some((form) => text.includes(form));
}

/**
 * Where an answer carries a secret back: the appPassword anywhere, a live token anywhere but in
 * 5.1.1's own token field. Found on the raw answer, before anything masks it.
 */
export function findEchoes(ex: Exchange, secrets: { appPassword: string; liveTokens: string[] }, tokenField?: string): Omit<SecurityFinding, 'case'>[] {
  const found: Omit<SecurityFinding, 'case'>[] = [];
  const add = (secret: SecurityFinding['secret'], where: string) => {
    if (!found.some((f) => f.secret === secret && f.where === where)) found.push({ operation: ex.operationId, step: ex.label, secret, where });
  };
  const password = secrets.appPassword.length >= 3 ? secrets.appPassword : undefined;
  const tokens = secrets.liveTokens.filter((t) => t.length >= 8);
  const visit = (node: unknown, path: string, depth: number): void => {
    if (depth > 20) return;
    if (typeof node === 'string' || typeof node === 'number') {
      const text = String(node);
      if (password && contains(text, password)) add('appPassword', path);
      if (path !== tokenField && tokens.some((t) => contains(text, t))) add('token', path);
      return;
    }
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
    else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) visit(value, path ? `${path}.${key}` : key, depth + 1);
  };
  if (ex.json !== undefined) visit(ex.json, '', 0);
  else if (ex.text) {
    if (password && contains(ex.text, password)) add('appPassword', 'body');
    if (tokens.some((t) => contains(ex.text!, t))) add('token', 'body');
  }
  if (ex.location) {
    if (password && contains(ex.location, password)) add('appPassword', 'Location');
    if (tokens.some((t) => contains(ex.location!, t))) add('token', 'Location');
  }
  return found;
}

import type { Secrets } from './secrets.js';
import type { SentRequest } from './types.js';

// Letters only, so URL and JSON encoding leave them intact.
const MARK = 'QQUMCSECRETQQ';

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Single-quotes literal text and splices secrets in as "$VARIABLE". */
function shellWord(text: string, vars: string[]): string {
  const parts = text.split(new RegExp(`${MARK}(\\d+)${MARK}`));
  let word = '';
  parts.forEach((part, i) => {
    if (i % 2 === 1) word += `"$${vars[Number(part)]}"`;
    else if (part !== '') word += quote(part);
  });
  return word || "''";
}

/**
 * A curl command that reproduces one request. Secret values (the appPassword, issued tokens)
 * become $UMC_APP_PASSWORD / $UMC_TOKEN; everything else is sent exactly as the suite sent it.
 */
export function toCurl(req: SentRequest, secrets: Secrets): string {
  const vars: string[] = [];
  const hide = (value: string): string => {
    const variable = secrets.variableFor(value);
    if (!variable) return value;
    vars.push(variable);
    return `${MARK}${vars.length - 1}${MARK}`;
  };
  const query = req.query.map(([k, v]): [string, string] => [k, hide(v)]);
  const url = query.length > 0 ? `${req.url}?${new URLSearchParams(query)}` : req.url;
  const args = ['curl', '-sS', '-X', req.method, shellWord(url, vars)];
  if (req.body?.kind === 'form') {
    args.push('-H', quote('Content-Type: application/x-www-form-urlencoded'));
    args.push('--data-raw', shellWord(new URLSearchParams(req.body.fields.map(([k, v]): [string, string] => [k, hide(v)])).toString(), vars));
  } else if (req.body?.kind === 'json') {
    const value = Object.fromEntries(Object.entries(req.body.value).map(([k, v]) => [k, typeof v === 'string' ? hide(v) : v]));
    args.push('-H', quote('Content-Type: application/json'));
    args.push('--data-raw', shellWord(JSON.stringify(value), vars));
  } else if (req.body?.kind === 'raw') {
    args.push('-H', quote(`Content-Type: ${req.body.contentType}`));
    args.push('--data-raw', shellWord(hide(req.body.text), vars));
  }
  // A last pass in case a secret hid somewhere unexpected (e.g. inside another value).
  return secrets.mask(args.join(' '));
}

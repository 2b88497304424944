import { MAX_TEXT_SHARED_BY_PARAMS, setParam, type Params } from '../spec/validate.js';

/** A parameter whose URL encoding cannot be decoded (e.g. a lone '%'). */
export class MalformedParameterError extends Error {
  constructor(readonly param: string) {
    super(`参数${param}的URL编码不合法`);
  }
}

/** `text` URL-decoded; `copy`: a string of its own even when there is nothing to decode (decoding makes one). */
function decode(text: string, nameForError: string, copy = false): string {
  // Most names and many values carry nothing to decode: they stay views of the request's text.
  if (!copy && text.indexOf('%') < 0 && text.indexOf('+') < 0) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new MalformedParameterError(nameForError);
  }
}

/**
 * Reads `a=1&b=2` the way a servlet container does: split on '&', then on the first '=', then
 * URL-decode with '+' as space. Raw brackets, quotes, braces, colons and spaces that hand-built
 * bodies carry pass through untouched; the first value of a repeated name wins (getParameter).
 */
export function addServletParams(text: string, into: Params): void {
  // A value of a long text is a string of its own, not a view that keeps the whole text alive;
  // unless it is most of the text, when a view keeps little more than a copy would.
  const long = text.length > MAX_TEXT_SHARED_BY_PARAMS;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const pair = text.slice(start, end);
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decode(rawName, rawName.slice(0, 40));
      const raw = eq < 0 ? '' : pair.slice(eq + 1);
      const value = decode(raw, name.slice(0, 40), long && 2 * raw.length < text.length);
      if (!Object.prototype.hasOwnProperty.call(into, name)) setParam(into, name, value);
    }
    start = end + 1;
  }
}

/** The path of a raw request URL, without its query string. */
export function urlPath(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The query string of a raw request URL, undecoded. */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

const FORM = 'application/x-www-form-urlencoded';

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  // What nearly every form client sends, answered without splitting.
  if (contentType === FORM) return FORM;
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

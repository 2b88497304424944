/**
 * WeChat template content: `{{name.DATA}}` placeholders, filled from 5.3.3's
 * `data: {name: {value}}`. first and remark are the old-style header and footer and may be left
 * out; every other placeholder (keyword1…keywordN) must be given.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\.DATA\s*\}\}/g;
const OPTIONAL = new Set(['first', 'remark']);

/** data as the JSON body gives it: an entry without a value (`{"value": null}`, or `{}`) counts as not given. */
export type TemplateData = Record<string, { value?: string; color?: string }>;

/** Whether data gives a value for the placeholder. */
function gives(data: TemplateData, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(data, name) && data[name]?.value !== undefined;
}

/** Placeholder names in the order they appear, each once. */
export function placeholders(content: string): string[] {
  return [...new Set([...content.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The placeholders that must be in data (all but first and remark). */
export function requiredKeywords(content: string): string[] {
  return placeholders(content).filter((name) => !OPTIONAL.has(name));
}

/** The first required placeholder missing from data (absent, or without a value), if any. */
export function missingKeyword(content: string, data: TemplateData): string | undefined {
  return requiredKeywords(content).find((name) => !gives(data, name));
}

/** The message as the person sees it: every placeholder replaced by its value, absent ones by ''. */
export function renderTemplate(content: string, data: TemplateData): string {
  return content.replace(PLACEHOLDER, (_m, name: string) => (gives(data, name) ? data[name]!.value! : ''));
}

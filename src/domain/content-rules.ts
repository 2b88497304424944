import { UmcError } from './errors.js';

interface Word {
  word: string;
  lower: string;
  /**
   * Whether letter case can matter: a word without cased letters (Chinese, digits) is found in a
   * text exactly when it is found in the text lower-cased, so the text need not be lower-cased for
   * it. (U+0307 counts as cased here: lower-casing İ produces it.)
   */
  cased: boolean;
}

/** Each scenario's list, prepared once. */
const prepared = new WeakMap<readonly string[], Word[]>();

function prepare(words: readonly string[]): Word[] {
  let list = prepared.get(words);
  if (!list) {
    list = words.filter(Boolean).map((word) => {
      const lower = word.toLowerCase();
      return { word, lower, cased: lower !== word || word.toUpperCase() !== word || word.includes('\u0307') };
    });
    prepared.set(words, list);
  }
  return list;
}

/**
 * 500013 (通用 in 表4-1-2) when any field contains a word from the scenario's list
 * (case-insensitive): 5.3.1 and 5.3.2's texts, 5.3.3's data values, 5.3.4's title and description.
 * The first field (in the order given) with a word, and its first word in the list's order, are named.
 */
export function rejectSensitiveWords(words: readonly string[], fields: Record<string, string | undefined>): void {
  if (words.length === 0) return;
  const list = prepare(words);
  for (const field in fields) {
    const text = fields[field];
    if (!text) continue;
    let lower: string | undefined;
    for (const w of list) {
      const found = w.cased ? (lower ??= text.toLowerCase()).includes(w.lower) : text.includes(w.word);
      if (found) throw new UmcError('500013', `${field}包含敏感词“${w.word}”`);
    }
  }
}

/** A 【…】 pair: what the document calls using 【】 as an SMS signature (例如【研发部】). */
const BRACKET_SIGNATURE = /【[^【】]*】/;

/**
 * 500012: SMS text must not carry a 【…】 signature ("内容禁止使用【】符号作为短信签名", 〖…〗 instead).
 * A lone 【 or 】 is no signature, so it passes.
 */
export function rejectSmsSignature(field: string, text: string): void {
  if (BRACKET_SIGNATURE.test(text)) {
    throw new UmcError('500012', `短信模式下${field}禁止使用【】符号作为短信签名，如需签名请修改为〖〗符号`);
  }
}

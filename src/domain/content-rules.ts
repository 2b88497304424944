import { UmcError } from './errors.js';

/**
 * 500013 (通用 in 表4-1-2) when any field contains a word from the scenario's list
 * (case-insensitive): 5.3.1 and 5.3.2's texts, 5.3.3's data values, 5.3.4's title and description.
 */
export function rejectSensitiveWords(words: readonly string[], fields: Record<string, string | undefined>): void {
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const lower = text.toLowerCase();
    const word = words.find((w) => w && lower.includes(w.toLowerCase()));
    if (word) throw new UmcError('500013', `${field}包含敏感词“${word}”`);
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

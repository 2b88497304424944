import { UmcError } from '../errors.js';

/** 500013 when any field contains a word from the scenario's list (case-insensitive). */
export function rejectSensitiveWords(words: readonly string[], fields: Record<string, string | undefined>): void {
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const lower = text.toLowerCase();
    const word = words.find((w) => w && lower.includes(w.toLowerCase()));
    if (word) throw new UmcError('500013', `${field}包含敏感词“${word}”`);
  }
}

/** 500012: SMS text must not carry a 【…】 signature (the document asks for 〖…〗 instead). */
export function rejectSmsSignature(field: string, text: string): void {
  if (/[【】]/.test(text)) {
    throw new UmcError('500012', `短信模式下${field}禁止使用【】符号作为短信签名，如需签名请修改为〖〗符号`);
  }
}

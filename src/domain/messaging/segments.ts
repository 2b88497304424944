/** Characters in one single SMS, and per part of a long (concatenated) SMS. */
export const SINGLE_SMS_CHARS = 70;
export const LONG_SMS_PART_CHARS = 67;

/**
 * How many billable SMS a text costs: up to 70 characters is one SMS; longer texts are sent
 * in parts of 67 characters. Characters are Unicode code points (a Chinese character is one).
 */
export function smsSegments(text: string): number {
  const length = smsCharacters(text);
  if (length <= SINGLE_SMS_CHARS) return 1;
  return Math.ceil(length / LONG_SMS_PART_CHARS);
}

/** The length the SMS gateway counts: Unicode code points. */
export function smsCharacters(text: string): number {
  return Array.from(text).length;
}

import type { App } from '../apps.js';
import { rejectSensitiveWords } from '../content-rules.js';
import { UmcError } from '../errors.js';
import { truncateChars, truncateUtf8 } from './utf8.js';

/**
 * 5.3.4 WeCom text cards (企业微信文本卡片). The platform only forwards them to WeCom: they never
 * enter the message center, so the mock keeps them apart from every other message.
 */

export const CARD_LIMITS = { titleBytes: 128, descriptionBytes: 512, btnTxtChars: 4 } as const;
export const DEFAULT_BTN_TXT = '详情';

/** 5.3.4's validated parameters (url already checked by the spec: http/https, ≤2048 bytes). */
export interface CardInput {
  userList: string;
  title: string;
  description: string;
  url: string;
  btnTxt?: string;
}

export interface CardMessage {
  cardId: string;
  appId: string;
  /** Accounts WeCom delivers to, in the order given, each once. */
  users: string[];
  /** Accounts WeCom does not know (not in the directory): skipped silently, as WeCom does. */
  invalidUsers: string[];
  /** As delivered, after truncation. */
  title: string;
  description: string;
  url: string;
  btnTxt: string;
  /** Whether the platform cut title, description or btnTxt. */
  truncated: { title: boolean; description: boolean; btnTxt: boolean };
  /** Epoch ms on the platform clock. */
  sentAt: number;
}

/** Splits on the ASCII | and the full-width ｜ (the document's prose uses the latter), trims, drops blanks and repeats. */
export function splitUserList(userList: string): string[] {
  return [...new Set(userList.split(/[|｜]/).map((u) => u.trim()).filter((u) => u !== ''))];
}

/** Is this account in the organisation's directory? Absent: the mock cannot tell, so everyone is. */
export type DirectoryLookup = (userId: string) => boolean;

/**
 * Builds a card as WeCom receives it: 500001 if userList names nobody, 500010 if the app lacks the
 * WeCom channel (sendChannel WeChat), 500013 if title or description (as sent) holds a sensitive
 * word; title and description cut to their UTF-8 byte limits and
 * btnTxt to 4 characters, never splitting a character.
 */
export function buildCard(app: App, input: CardInput, cardId: string, now: number, inDirectory?: DirectoryLookup, sensitiveWords: readonly string[] = []): CardMessage {
  const requested = splitUserList(input.userList);
  if (requested.length === 0) throw new UmcError('500001', 'userList不能为空：至少需要一个用户账号，多个用|分隔');
  if (!app.channels.includes('WeChat')) throw new UmcError('500010', '应用未开通企业微信（WeChat）渠道');
  rejectSensitiveWords(sensitiveWords, { title: input.title, description: input.description });
  const btnTxtIn = input.btnTxt ?? DEFAULT_BTN_TXT;
  const title = truncateUtf8(input.title, CARD_LIMITS.titleBytes);
  const description = truncateUtf8(input.description, CARD_LIMITS.descriptionBytes);
  const btnTxt = truncateChars(btnTxtIn, CARD_LIMITS.btnTxtChars);
  return {
    cardId,
    appId: app.appId,
    users: inDirectory ? requested.filter(inDirectory) : requested,
    invalidUsers: inDirectory ? requested.filter((u) => !inDirectory(u)) : [],
    title,
    description,
    url: input.url,
    btnTxt,
    truncated: { title: title !== input.title, description: description !== input.description, btnTxt: btnTxt !== btnTxtIn },
    sentAt: now,
  };
}

/**
 * The directory as a lookup, read from the scenario's people section (people.json: objects with a
 * userId). undefined when the scenario has no directory.
 */
export function directoryLookup(people: unknown): DirectoryLookup | undefined {
  if (!Array.isArray(people)) return undefined;
  const ids = new Set(people.map((p) => (p as { userId?: unknown } | null)?.userId).filter((id): id is string => typeof id === 'string'));
  return (userId) => ids.has(userId);
}

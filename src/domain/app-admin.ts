import type { App, AppChannel } from './apps.js';
import type { IdSource } from './random.js';

/** The application form (附录一 API接入申请表), as the administrator enters it. */
export interface AppForm {
  name: string;
  description?: string;
  ipWhitelist?: string[];
  channels: AppChannel[];
  intelligenceOrder?: string[];
  interfaces?: Partial<App['interfaces']>;
  smsQuota?: number;
  publicIds?: string[];
  status?: App['status'];
}

const HEX = '0123456789abcdef';

/** 43 characters: base64 (unpadded) of 32 hex characters, the real platform's format. */
export function generateAppPassword(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => HEX[Math.floor(random() * 16)]).join('');
  return Buffer.from(hex).toString('base64').replace(/=+$/, '');
}

/** `MSG` + six digits, not already taken. */
export function generateAppId(random: () => number, taken: (appId: string) => boolean): string {
  for (;;) {
    const appId = `MSG${String(100000 + Math.floor(random() * 900000))}`;
    if (!taken(appId)) return appId;
  }
}

/** A new app from a validated form, with the defaults the document gives (user interfaces closed). */
export function appFromForm(form: AppForm, ids: IdSource, taken: (appId: string) => boolean): App {
  return {
    appId: generateAppId(ids.random, taken),
    appPassword: generateAppPassword(ids.random),
    name: form.name,
    description: form.description,
    status: form.status ?? 'enabled',
    ipWhitelist: form.ipWhitelist ?? [],
    channels: form.channels,
    intelligenceOrder: form.intelligenceOrder ?? form.channels.filter((c) => c !== 'IntelligenceMode' && c !== 'OfficialAccount'),
    interfaces: { userCount: form.interfaces?.userCount ?? false, userList: form.interfaces?.userList ?? false },
    smsQuota: form.smsQuota ?? (form.channels.includes('SMS') ? 10000 : 0),
    publicIds: form.publicIds ?? [],
  };
}

import type { App } from '../apps.js';
import { UmcError } from '../errors.js';

/**
 * Official accounts (公众号/微信服务号) as the administrator registered them, with the templates
 * WeChat holds for each and the platform's record of who follows it (userId → openid).
 */

/** A simulated WeChat-side fault: tokenLost → 600002, fetchFailed → 600001. */
export type AccountFault = 'tokenLost' | 'fetchFailed';

/** Field names as WeChat's template API and 5.2.2 write them. */
export interface Template {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  content: string;
  example: string;
}

export interface Follower {
  /** 学工号 */
  userId: string;
  /** WeChat's 28-character id of this person for this account. */
  openid: string;
  /** false: the person has unsubscribed (取消关注). */
  subscribed: boolean;
}

export interface OfficialAccount {
  publicId: string;
  publicName: string;
  remark: string;
  /** "1" usable, "2" disabled by the administrator. */
  status: '1' | '2';
  fault?: AccountFault;
  templates: Template[];
  followers: Follower[];
}

/** 5.2.1 row. */
export interface PublicAccountView {
  appId: string;
  publicName: string;
  publicId: string;
  remark: string;
  status: '1' | '2';
}

/** The error a simulated fault produces whenever the platform talks to WeChat for this account. */
export function throwIfFault(account: OfficialAccount): void {
  if (account.fault === 'tokenLost') throw new UmcError('600002', account.publicName);
  if (account.fault === 'fetchFailed') throw new UmcError('600001', account.publicName);
}

/** 5.2.1: the accounts bound to the app, enabled or not, in the order the administrator bound them. */
export function listBoundAccounts(accounts: ReadonlyMap<string, OfficialAccount>, app: App): PublicAccountView[] {
  const bound = app.publicIds.map((id) => accounts.get(id)).filter((a): a is OfficialAccount => a !== undefined);
  // The platform refreshes each bound account from WeChat: one failing account fails the list.
  for (const account of bound) throwIfFault(account);
  return bound.map((a) => ({ appId: app.appId, publicName: a.publicName, publicId: a.publicId, remark: a.remark, status: a.status }));
}

/**
 * An account the app may use: 600000 unknown, 600011 disabled, 600022 not bound to the app
 * (checked in that order: the account itself first, then the app's right to it).
 */
export function usableAccount(accounts: ReadonlyMap<string, OfficialAccount>, app: App, publicId: string): OfficialAccount {
  const account = accounts.get(publicId);
  if (!account) throw new UmcError('600000', `publicId=${publicId}`);
  if (account.status !== '1') throw new UmcError('600011', account.publicName);
  if (!app.publicIds.includes(publicId)) throw new UmcError('600022', account.publicName);
  return account;
}

/** 5.2.2: the account's templates, fetched live from WeChat (hence the fault check). */
export function listTemplates(accounts: ReadonlyMap<string, OfficialAccount>, app: App, publicId: string): Template[] {
  const account = usableAccount(accounts, app, publicId);
  throwIfFault(account);
  return account.templates.map((t) => ({ ...t }));
}

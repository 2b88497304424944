import type { App } from '../apps.js';
import { UmcError } from '../errors.js';

/** Spends `count` SMS of the app's quota (5.3.1 and 5.3.2 alike); 100011 and nothing spent when it does not cover them. */
export function chargeSms(app: App, count: number): void {
  if (count > app.smsQuota) throw new UmcError('100011', `本次需要${count}条短信，剩余额度${app.smsQuota}条`);
  app.smsQuota -= count;
}

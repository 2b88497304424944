import type { App } from './apps.js';
import type { FaultSpec } from './faults.js';
import type { OfficialAccount } from './wechat/accounts.js';

/** A scenario: the data a platform starts from (apps now; directory, accounts… as they come). */
export interface Scenario {
  name: string;
  description?: string;
  apps: App[];
  /** official-accounts.json: 公众号 with their templates and followers (openids). */
  officialAccounts?: OfficialAccount[];
  /** faults.json: fault rules active from start (and after every reset). */
  faults?: FaultSpec[];
}

import type { App } from './apps.js';
import type { OfficialAccount } from './wechat/accounts.js';
import type { DeliverySettings } from './messaging/delivery.js';
import type { Person } from './messaging/directory.js';

/** A scenario: the data a platform starts from (apps now; directory, accounts… as they come). */
export interface Scenario {
  name: string;
  description?: string;
  /** How it was loaded (a name in fixtures/ or a folder path), to load it again. */
  source?: string;
  apps: App[];
  /** official-accounts.json: 公众号 with their templates and followers (openids). */
  officialAccounts?: OfficialAccount[];
  /** faults.json: fault rules active from start (and after every reset). */
  faults?: FaultSpec[];
  /** people.json: the organisation directory (校内人员) and their channel bindings. */
  people?: Person[];
  /** sensitive-words.json: words that make a send answer 500013. */
  sensitiveWords?: string[];
  /** delivery.json: latency, failure rates and closed channels. */
  delivery?: Partial<DeliverySettings>;
  /** profile.json: a deployment profile the mock answers by (as --profile), where the folder has one. */
  profileFile?: string;
}

/** A fault as people write it (control plane body, a scenario's faults.json): one effect field. The mock acts on it (src/mock/faults.ts); to the platform it is data a scenario carries. */
export interface FaultSpec {
  operationId: string;
  appId?: string;
  rspCode?: string;
  rspMsg?: string;
  latencyMs?: number;
  httpStatus?: number;
  drop?: true;
  malformed?: true;
  times?: number;
  probability?: number;
}

import type { App } from './apps.js';
import type { DeliverySettings } from './messaging/delivery.js';
import type { Person } from './messaging/directory.js';

/** A scenario: the data a platform starts from (apps now; directory, accounts… as they come). */
export interface Scenario {
  name: string;
  description?: string;
  apps: App[];
  /** people.json: the organisation directory (校内人员) and their channel bindings. */
  people?: Person[];
  /** sensitive-words.json: words that make a send answer 500013. */
  sensitiveWords?: string[];
  /** delivery.json: latency, failure rates and closed channels. */
  delivery?: Partial<DeliverySettings>;
}

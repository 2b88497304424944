import type { App } from './apps.js';

/** A scenario: the data a platform starts from (apps now; directory, accounts… as they come). */
export interface Scenario {
  name: string;
  description?: string;
  apps: App[];
}

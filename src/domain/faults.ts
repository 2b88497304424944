import type { RspCode } from './codes.js';

/** What a fault does to a call. */
export type FaultAction =
  | { type: 'rspCode'; rspCode: RspCode; rspMsg?: string }
  | { type: 'latency'; ms: number }
  | { type: 'httpStatus'; status: number }
  | { type: 'drop' }
  | { type: 'malformed' };

export interface FaultRule {
  id: string;
  /** An operationId, or '*' for every API operation. */
  operationId: string;
  /** Only calls of this app (optional). */
  appId?: string;
  action: FaultAction;
  /** Fires for this many more calls, then is gone; absent = until cleared. */
  remaining?: number;
  /** Chance of firing on a matching call, 0–1; absent = always. */
  probability?: number;
  /** Calls it has fired on so far. */
  hits: number;
}

export type FaultInput = Omit<FaultRule, 'id' | 'hits'>;

/**
 * Fault rules set by tests (or a scenario): the first matching rule that fires shapes the
 * answer. Randomness comes from the platform's seeded source, so a seeded run repeats.
 */
export class FaultRegistry {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultInput): FaultRule {
    const rule: FaultRule = { id: `fault-${this.nextId++}`, hits: 0, ...structuredClone(input) };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that fires for this call, if any; counts the hit and retires used-up rules. */
  pick(operationId: string, appId: string | undefined, random: () => number): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.operationId !== '*' && rule.operationId !== operationId) continue;
      if (rule.appId !== undefined && rule.appId !== appId) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      rule.hits++;
      if (rule.remaining !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) this.remove(rule.id);
      }
      return { ...rule };
    }
    return undefined;
  }
}

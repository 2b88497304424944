import { isRspCode, type RspCode } from '../domain/codes.js';
import { UmcError } from '../domain/errors.js';
import type { FaultSpec } from '../domain/scenario.js';

/**
 * Fault rules: what the mock does to a call instead of (or before) the platform's answer. The actions
 * are the mock's, not the platform's (an HTTP status, a dropped connection, a body cut off): they live
 * beside the core, which decides them in one switch (MockCore's `faulted`).
 */

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

export type { FaultSpec };

export type FaultInput = Omit<FaultRule, 'id' | 'hits'>;

/** The rule a (schema-valid) FaultSpec describes; an rspCode outside the catalogue is refused. */
export function faultInputFromSpec(spec: FaultSpec): FaultInput {
  let action: FaultAction;
  if (spec.rspCode !== undefined) {
    if (!isRspCode(spec.rspCode)) throw new UmcError('500001', `rspCode不在平台返回码表中：${spec.rspCode}`);
    action = { type: 'rspCode', rspCode: spec.rspCode, ...(spec.rspMsg !== undefined ? { rspMsg: spec.rspMsg } : {}) };
  } else if (spec.latencyMs !== undefined) action = { type: 'latency', ms: spec.latencyMs };
  else if (spec.httpStatus !== undefined) action = { type: 'httpStatus', status: spec.httpStatus };
  else if (spec.drop) action = { type: 'drop' };
  else action = { type: 'malformed' };
  const input: FaultInput = { operationId: spec.operationId, action };
  if (spec.appId !== undefined) input.appId = spec.appId;
  if (spec.times !== undefined) input.remaining = spec.times;
  if (spec.probability !== undefined) input.probability = spec.probability;
  return input;
}

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

  /** Only the given rules (a scenario's), as at start. */
  reset(initial: FaultSpec[] = []): void {
    this.rules = [];
    for (const spec of initial) this.add(faultInputFromSpec(spec));
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

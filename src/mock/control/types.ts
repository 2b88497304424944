import type { FaultRegistry } from '../faults.js';
import type { Platform } from '../../domain/platform.js';
import type { DeploymentChoices } from '../../spec/deployment-choices.js';
import type { LoadedSpec } from '../../spec/load.js';
import type { Journal } from '../../store/journal.js';
import type { EventBus } from '../events.js';

/** One control-plane call as the core takes it, whatever carried it. */
export interface ControlInput {
  /** Path parameters (the {userId} of /__umc/users/{userId}/replies). */
  path: Record<string, string>;
  /** The query, read by control-plane.yaml's rules (numbers coerced, defaults filled in). */
  query: Record<string, unknown>;
  /** The JSON body, checked by control-plane.yaml's schema. */
  body: Record<string, unknown>;
  /** The base URL the caller reached the mock on (createApp answers it as apiDomain). */
  origin: string;
  /** Aborted when the caller goes away (a long wait stops at once). */
  signal?: AbortSignal;
}

/** One control-plane operation. `afterCommit`: what it changes outside the platform's state (journal, faults), done once the change is durable, never replayed. */
export type ControlHandler = ((input: ControlInput) => unknown) & { afterCommit?: () => void };

export type ControlHandlers = Record<string, ControlHandler>;

/** What the control-plane operations work over. */
export interface ControlContext {
  platform: Platform;
  journal: Journal;
  faults: FaultRegistry;
  events: EventBus;
  spec: LoadedSpec;
  /** --profile: the deployment profile the mock answers by, if any. */
  profile?: DeploymentChoices;
}

export function withAfterCommit(handler: (input: ControlInput) => unknown, afterCommit: () => void): ControlHandler {
  return Object.assign(handler, { afterCommit });
}

import { adminOperations } from './admin.js';
import { faultOperations } from './fault.js';
import { inboxOperations } from './inbox.js';
import { journalOperations } from './journal.js';
import { messageOperations } from './message.js';
import { profileOperations } from './profile.js';
import { sentOperations } from './sent.js';
import type { ControlContext, ControlHandlers } from './types.js';
import { userOperations } from './user.js';

/** Every control-plane operation, keyed by its operationId in control-plane.yaml. */
export function controlOperations(context: ControlContext): ControlHandlers {
  return {
    ...adminOperations(context),
    ...profileOperations(context),
    ...journalOperations(context),
    ...faultOperations(context),
    ...userOperations(context),
    ...messageOperations(context),
    ...sentOperations(context),
    ...inboxOperations(context),
  };
}

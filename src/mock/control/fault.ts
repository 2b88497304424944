import { UmcError } from '../../domain/errors.js';
import { faultInputFromSpec, type FaultSpec } from '../faults.js';
import { ControlError } from '../control-error.js';
import type { ControlContext, ControlHandlers } from './types.js';

/** Fault rules: add, list, remove one, clear. */
export function faultOperations({ faults, spec }: ControlContext): ControlHandlers {
  const operationIds = new Set(spec.operations.map((op) => op.operationId));
  return {
    listFaults: () => ({ faults: faults.list() }),
    addFault: ({ body }) => {
      const operationId = String(body.operationId);
      if (operationId !== '*' && !operationIds.has(operationId)) {
        throw new ControlError(`operationId不存在：${operationId}（可选：* 或 ${[...operationIds].join('、')}）`);
      }
      try {
        return faults.add(faultInputFromSpec(body as unknown as FaultSpec));
      } catch (err) {
        if (err instanceof UmcError) throw new ControlError(err.rspMsg);
        throw err;
      }
    },
    clearFaults: () => {
      const cleared = faults.list().length;
      faults.clear();
      return { cleared };
    },
    removeFault: ({ path }) => {
      if (!faults.remove(path.id!)) throw new ControlError(`没有这个故障规则：${path.id}`, 404);
      return { removed: path.id };
    },
  };
}

import { UmcError } from '../domain/errors.js';
import { faultInputFromSpec, type FaultSpec } from '../domain/faults.js';
import { loadSpec } from '../spec/load.js';
import { ControlError } from './control-error.js';
import type { ControlOptions, ControlRoute } from './routes.js';

/** Fault rules: add, list, remove one, clear. */
export function faultRoutes({ faults }: ControlOptions): ControlRoute[] {
  const operationIds = new Set(loadSpec().operations.map((op) => op.operationId));
  return [
    { method: 'GET', url: '/__umc/faults', operationId: 'listFaults', handler: () => ({ faults: faults.list() }) },
    {
      method: 'POST',
      url: '/__umc/faults',
      operationId: 'addFault',
      handler: (_req, body) => {
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
    },
    {
      method: 'DELETE',
      url: '/__umc/faults',
      operationId: 'clearFaults',
      handler: () => {
        const cleared = faults.list().length;
        faults.clear();
        return { cleared };
      },
    },
    {
      method: 'DELETE',
      url: '/__umc/faults/:id',
      operationId: 'removeFault',
      handler: (req) => {
        const { id } = req.params as { id: string };
        if (!faults.remove(id)) throw new ControlError(`没有这个故障规则：${id}`, 404);
        return { removed: id };
      },
    },
  ];
}

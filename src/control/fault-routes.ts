import { isRspCode } from '../domain/codes.js';
import type { FaultAction, FaultInput } from '../domain/faults.js';
import { loadSpec } from '../spec/load.js';
import { ControlError } from './control-error.js';
import type { ControlOptions, ControlRoute } from './routes.js';

function actionOf(body: Record<string, unknown>): FaultAction {
  if (typeof body.rspCode === 'string') {
    if (!isRspCode(body.rspCode)) throw new ControlError(`rspCode不在平台返回码表中：${body.rspCode}`);
    return { type: 'rspCode', rspCode: body.rspCode, ...(typeof body.rspMsg === 'string' ? { rspMsg: body.rspMsg } : {}) };
  }
  if (typeof body.latencyMs === 'number') return { type: 'latency', ms: body.latencyMs };
  if (typeof body.httpStatus === 'number') return { type: 'httpStatus', status: body.httpStatus };
  if (body.drop === true) return { type: 'drop' };
  return { type: 'malformed' };
}

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
        const input: FaultInput = { operationId, action: actionOf(body) };
        if (typeof body.appId === 'string') input.appId = body.appId;
        if (typeof body.times === 'number') input.remaining = body.times;
        if (typeof body.probability === 'number') input.probability = body.probability;
        return faults.add(input);
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

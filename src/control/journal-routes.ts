import type { JournalFilter } from '../store/journal.js';
import { ControlError } from './control-error.js';
import type { ControlOptions, ControlRoute } from './routes.js';

function optionalInt(value: unknown, name: string, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ControlError(`${name}必须是不小于${min}的整数`);
  return n;
}

/** The request journal: read (filtered), clear. */
export function journalRoutes({ journal }: ControlOptions): ControlRoute[] {
  return [
    {
      method: 'GET',
      url: '/__umc/requests',
      operationId: 'listRequests',
      handler: (req) => {
        const q = req.query as Record<string, string | undefined>;
        const filter: JournalFilter = {
          operationId: q.operationId || undefined,
          appId: q.appId || undefined,
          rspCode: q.rspCode || undefined,
          path: q.path || undefined,
          afterId: optionalInt(q.afterId, 'afterId', 0),
          limit: optionalInt(q.limit, 'limit', 1),
        };
        const requests = journal.list(filter);
        return { total: requests.length, capacity: journal.capacity, requests };
      },
    },
    {
      method: 'DELETE',
      url: '/__umc/requests',
      operationId: 'clearRequests',
      handler: () => {
        const cleared = journal.size;
        journal.clear();
        return { cleared };
      },
    },
  ];
}

import type { JournalFilter } from '../store/journal.js';
import { intParam } from './query-params.js';
import type { ControlOptions, ControlRoute } from './routes.js';

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
          afterId: intParam(q.afterId, 'afterId', 0, Number.MAX_SAFE_INTEGER, undefined),
          limit: intParam(q.limit, 'limit', 1, 10_000, undefined),
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

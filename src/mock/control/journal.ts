import type { ControlContext, ControlHandlers } from './types.js';

/** The request journal: read (filtered), clear. */
export function journalOperations({ journal }: ControlContext): ControlHandlers {
  return {
    listRequests: ({ query: q }) => {
      const requests = journal.list({
        operationId: q.operationId as string | undefined,
        appId: q.appId as string | undefined,
        rspCode: q.rspCode as string | undefined,
        path: q.path as string | undefined,
        afterId: q.afterId as number | undefined,
        limit: q.limit as number | undefined,
      });
      return { total: requests.length, capacity: journal.capacity, requests };
    },
    clearRequests: () => {
      const cleared = journal.size;
      journal.clear();
      return { cleared };
    },
  };
}

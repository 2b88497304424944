import { takeWithinBytes } from './paging.js';
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
        beforeId: q.beforeId as number | undefined,
        limit: q.limit as number | undefined,
      });
      // Entries are bounded (38 KB each), a thousand of them are not: the answer is paged by bytes too.
      const page = takeWithinBytes(requests, 0, requests.length, (entry) => entry);
      const cut = page.nextOffset === undefined ? undefined : page.items.at(-1)!.id;
      return { total: requests.length, capacity: journal.capacity, requests: page.items, nextBeforeId: cut };
    },
    clearRequests: () => {
      const cleared = journal.size;
      journal.clear();
      return { cleared };
    },
  };
}

/**
 * Listings are paged the same way everywhere: ?limit and ?offset (their ranges checked by
 * control-plane.yaml), and a page holds at most PAGE_BYTES of items as JSON, so that no answer
 * grows with what the mock holds: 30,000 people, 1,000 journal entries of 38 KB, a message body of
 * megabytes. A page cut short says where the next one starts (nextOffset).
 */

/** The most item bytes (UTF-8 JSON) one listing answer carries; a single larger item still comes, alone. */
export const PAGE_BYTES = 1024 * 1024;

export interface Page<V> {
  items: V[];
  /** Where the next page starts: present when more matching items follow this page. */
  nextOffset?: number;
}

/**
 * Views of `items` from `offset`, until `limit` of them or PAGE_BYTES, whichever comes first.
 * `total`: how many match in all (the page's end is compared with it); `view` makes each one only
 * when it is taken.
 */
export function takeWithinBytes<T, V>(items: readonly T[], offset: number, total: number, view: (item: T) => V, maxBytes = PAGE_BYTES): Page<V> {
  const taken: V[] = [];
  let bytes = 0;
  for (const item of items) {
    const shown = view(item);
    bytes += Buffer.byteLength(JSON.stringify(shown) ?? '') + 1;
    if (taken.length > 0 && bytes > maxBytes) break;
    taken.push(shown);
  }
  const end = offset + taken.length;
  return end < total ? { items: taken, nextOffset: end } : { items: taken };
}

/** A page of `items` (?offset, ?limit: absent, as many as fit), each shown by `view`. */
export function pageOf<T, V = T>(items: readonly T[], query: Record<string, unknown>, view: (item: T) => V = (item) => item as unknown as V): Page<V> {
  const offset = (query.offset as number | undefined) ?? 0;
  const limit = query.limit as number | undefined;
  const range = items.slice(offset, limit === undefined ? undefined : offset + limit);
  return takeWithinBytes(range, offset, items.length, view);
}

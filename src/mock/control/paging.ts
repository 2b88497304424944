/** Listings are paged the same way everywhere: ?limit (absent: all) and ?offset, their ranges checked by control-plane.yaml. */
export function pageOf<T>(items: readonly T[], query: Record<string, unknown>): T[] {
  const offset = (query.offset as number | undefined) ?? 0;
  const limit = query.limit as number | undefined;
  return items.slice(offset, limit === undefined ? undefined : offset + limit);
}

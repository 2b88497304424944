/** Lists kept sorted by `at` (epoch ms), searched by binary search. */
export interface Timed {
  at: number;
}

/** Index of the first item with at > time: how many items have landed by `time`. */
export function countUpTo(list: readonly Timed[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.at <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts after every item at the same time or earlier (LandingList files what has not landed elsewhere). */
export function insertSorted<T extends Timed>(list: T[], item: T): void {
  if (list.length === 0 || list[list.length - 1]!.at <= item.at) list.push(item);
  else list.splice(countUpTo(list, item.at), 0, item);
}

/** Removes the item that `same` recognises among those with the same `at`. */
export function removeSorted<T extends Timed>(list: T[], at: number, same: (item: T) => boolean): boolean {
  for (let i = countUpTo(list, at - 1); i < list.length && list[i]!.at === at; i++) {
    if (same(list[i]!)) {
      list.splice(i, 1);
      return true;
    }
  }
  return false;
}

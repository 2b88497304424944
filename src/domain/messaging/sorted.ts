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

/** How far back from the end an insert walks before it searches and splices instead. */
const WALK = 16;

/**
 * Inserts after every item at the same time or earlier. Items arrive nearly in order (a send lands
 * a few hundred ms ahead), so near the end it walks back (no splice, nothing allocated); an item
 * far back (the clock set backwards) is placed by binary search.
 */
export function insertSorted<T extends Timed>(list: T[], item: T): void {
  const n = list.length;
  if (n === 0 || list[n - 1]!.at <= item.at) {
    list.push(item);
    return;
  }
  if (n > WALK && list[n - WALK]!.at > item.at) {
    list.splice(countUpTo(list, item.at), 0, item);
    return;
  }
  let i = n;
  list.push(item);
  while (i > 0 && list[i - 1]!.at > item.at) {
    list[i] = list[i - 1]!;
    i--;
  }
  list[i] = item;
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

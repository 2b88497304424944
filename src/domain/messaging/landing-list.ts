import { countUpTo, insertSorted, removeSorted, type Timed } from './sorted.js';

/**
 * A list in landing order (by `at`, ties in the order added), read as "what has landed by now".
 * A send lands a few hundred ms ahead, so under load each new item belongs before thousands of
 * items sent just before it: kept in one sorted array that meant a splice per item. Here items
 * that have not landed wait in a binary heap (by at, then order added) and move to the sorted
 * array, in order, by appending, when a reader asks about a time they have reached.
 *
 * Invariant: every item in `landed` has at <= horizon, every item in the heap at > horizon, and
 * horizon only grows. An item added at or before the horizon (the clock was set back) goes
 * straight into `landed`, in its place.
 */
export class LandingList<T extends Timed> {
  private readonly landed: T[] = [];
  /** Min-heap by (at, seq); seqs[i] is items[i]'s order of arrival. Allocated on first use. */
  private heap: { items: T[]; seqs: number[] } | undefined;
  private nextSeq = 0;
  private horizon = -Infinity;

  /** A list of items in any order, as restored data gives them; `now` is the platform's time. */
  static of<T extends Timed>(items: T[], now: number): LandingList<T> {
    const list = new LandingList<T>();
    // A stable sort keeps the order given among equal times, as adding them one by one would.
    const sorted = [...items].sort((a, b) => a.at - b.at);
    const cut = countUpTo(sorted, now);
    list.horizon = now;
    for (let i = 0; i < cut; i++) list.landed.push(sorted[i]!);
    // What is still to land is sorted: a sorted array is already a heap.
    if (cut < sorted.length) list.heap = { items: sorted.slice(cut), seqs: sorted.slice(cut).map((_, i) => i) };
    list.nextSeq = sorted.length - cut;
    return list;
  }

  /**
   * Adds an item. `now`, a time the caller has read already, settles what has landed by then
   * first, so the heap holds only what is still to land (a list nobody reads stays small too).
   */
  add(item: T, now?: number): void {
    if (now !== undefined) this.settle(now);
    if (item.at <= this.horizon) {
      insertSorted(this.landed, item);
      return;
    }
    const heap = (this.heap ??= { items: [], seqs: [] });
    heap.items.push(item);
    heap.seqs.push(this.nextSeq++);
    this.siftUp(heap.items.length - 1);
  }

  /**
   * Removes the item with this `at` that `same` recognises; false when there is none. Given the
   * time, what has landed by then is settled first, so the heap holds only items still to land.
   * (The time is one the caller has read already: a --data replay feeds clock readings back in
   * order, so the domain must not read the clock more often than the version that logged them.)
   */
  remove(at: number, same: (item: T) => boolean, now?: number): boolean {
    if (now !== undefined) this.settle(now);
    if (at <= this.horizon) return removeSorted(this.landed, at, same);
    const heap = this.heap;
    if (!heap) return false;
    const i = heap.items.findIndex((item) => item.at === at && same(item));
    if (i < 0) return false;
    const last = heap.items.length - 1;
    if (i !== last) {
      heap.items[i] = heap.items[last]!;
      heap.seqs[i] = heap.seqs[last]!;
    }
    heap.items.pop();
    heap.seqs.pop();
    if (i < heap.items.length) {
      this.siftDown(i);
      this.siftUp(i);
    }
    return true;
  }

  /**
   * The items that have landed by `now`: the first `count` items of `items` (which may hold later
   * ones after them when the clock was set back). Valid until the list changes.
   */
  landedBy(now: number): { items: readonly T[]; count: number } {
    this.settle(now);
    return { items: this.landed, count: countUpTo(this.landed, now) };
  }

  /** How many items have landed by `now`. */
  countBy(now: number): number {
    return this.landedBy(now).count;
  }

  /** How many items wait in the heap (tests: a list nobody reads stays small). */
  get waiting(): number {
    return this.heap?.items.length ?? 0;
  }

  /** Every item, landed or not, in landing order (tests, inspection). */
  toArray(): T[] {
    const waiting = this.heap ? this.heap.items.map((item, i) => ({ item, seq: this.heap!.seqs[i]! })).sort((a, b) => a.item.at - b.item.at || a.seq - b.seq) : [];
    return [...this.landed, ...waiting.map((w) => w.item)];
  }

  /** Moves what has landed by `now` from the heap to the end of `landed`, in order. */
  private settle(now: number): void {
    if (now <= this.horizon) return;
    this.horizon = now;
    const heap = this.heap;
    if (!heap) return;
    const { items, seqs } = heap;
    while (items.length > 0 && items[0]!.at <= now) {
      this.landed.push(items[0]!);
      const lastItem = items.pop()!;
      const lastSeq = seqs.pop()!;
      if (items.length > 0) siftDown(items, seqs, 0, lastItem, lastSeq);
    }
  }

  private siftUp(i: number): void {
    const { items, seqs } = this.heap!;
    siftUp(items, seqs, i, items[i]!, seqs[i]!);
  }

  private siftDown(i: number): void {
    const { items, seqs } = this.heap!;
    siftDown(items, seqs, i, items[i]!, seqs[i]!);
  }
}

// The heap's sifts move a hole rather than swapping pairs: each step writes one slot.

/** Places (item, seq) at or above slot i. */
function siftUp<T extends Timed>(items: T[], seqs: number[], i: number, item: T, seq: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = items[parent]!;
    if (p.at < item.at || (p.at === item.at && seqs[parent]! < seq)) break;
    items[i] = p;
    seqs[i] = seqs[parent]!;
    i = parent;
  }
  items[i] = item;
  seqs[i] = seq;
}

/** Places (item, seq) at or below slot i. */
function siftDown<T extends Timed>(items: T[], seqs: number[], i: number, item: T, seq: number): void {
  const n = items.length;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    const right = child + 1;
    if (right < n) {
      const l = items[child]!;
      const r = items[right]!;
      if (r.at < l.at || (r.at === l.at && seqs[right]! < seqs[child]!)) child = right;
    }
    const c = items[child]!;
    if (item.at < c.at || (item.at === c.at && seq < seqs[child]!)) break;
    items[i] = c;
    seqs[i] = seqs[child]!;
    i = child;
  }
  items[i] = item;
  seqs[i] = seq;
}

/**
 * Runs tasks with at most `concurrency` at a time, in the given order, never two with the same
 * lock at once. A task must not throw (the runner turns every outcome into a result).
 */
export async function runPool<T>(items: readonly T[], concurrency: number, lockOf: (item: T) => string | undefined, run: (item: T) => Promise<void>): Promise<void> {
  const pending = [...items];
  const held = new Set<string>();
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const next = () => {
      if (pending.length === 0 && active === 0) return resolve();
      while (active < Math.max(1, concurrency)) {
        const index = pending.findIndex((item) => {
          const lock = lockOf(item);
          return lock === undefined || !held.has(lock);
        });
        if (index < 0) return;
        const [item] = pending.splice(index, 1) as [T];
        const lock = lockOf(item);
        if (lock !== undefined) held.add(lock);
        active++;
        run(item).then(() => {
          active--;
          if (lock !== undefined) held.delete(lock);
          next();
        }, reject);
      }
    };
    next();
  });
}

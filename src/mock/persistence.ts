import type { Platform } from '../domain/platform.js';
import { DataFileError } from '../store/data-files.js';
import { loadScenario } from '../store/scenarios.js';
import type { CommandInput, StateFile, StateFileHost } from '../store/state-file.js';

/**
 * How the core makes a change durable before acknowledging it. `run` throws a DataFileError
 * (the change undone) when it cannot.
 */
export interface Persistence {
  run<T>(input: CommandInput, fn: () => T): T;
  /** run() for a change made a step at a time: each next() runs one step; the line is written after the last. */
  steps<T>(input: CommandInput, steps: Generator<void, T>): Generator<void, T>;
}

export function stateHost(platform: Platform): StateFileHost {
  return {
    snapshot: () => platform.snapshot(),
    restore: (scenario, snapshot) => {
      if (scenario !== platform.scenarioSource) platform.useScenario(loadScenario(scenario, { seed: platform.seed }));
      if (snapshot) platform.restore(snapshot);
      else platform.reset();
    },
    offsetMs: () => platform.clock.offsetSeconds() * 1000,
    setOffsetMs: (ms) => platform.clock.setOffsetMs(ms),
  };
}

/** One line to stderr, as the CLI writes its warnings. */
const stderrWarning = (line: string) => void process.stderr.write(`umc-mock: 警告：${line}\n`);

/**
 * Persistence over a state file: log each change, snapshot when due (after the response). A
 * failing disk is said once when changes start failing and once when they work again; a failed
 * compaction once per attempt (the state file spaces the attempts out).
 */
export function filePersistence(stateFile: StateFile, platform: Platform, warn: (line: string) => void = stderrWarning): Persistence {
  const host = stateHost(platform);
  let compactionQueued = false;
  let failing = false;
  /** What the state file answered (its result, or a DataFileError said once), and a compaction queued when due. */
  const after = <T>(write: () => T): T => {
    let result;
    try {
      result = write();
    } catch (err) {
      if (err instanceof DataFileError && !failing) {
        failing = true;
        warn(`${err.message}；此后的变更在恢复写入前都不会生效（${err.detail}）`);
      }
      throw err;
    }
    if (failing) {
      failing = false;
      warn(`数据文件恢复写入：${stateFile.logFile}`);
    }
    if (stateFile.compactionDue && !compactionQueued) {
      compactionQueued = true;
      setImmediate(() => {
        compactionQueued = false;
        try {
          stateFile.compact(host, platform.scenarioSource);
        } catch (err) {
          // The old snapshot and log still hold everything; the state file retries later.
          warn(err instanceof DataFileError ? `${err.message}（${err.detail}）` : `数据文件压缩失败：${(err as Error).message}`);
        }
      });
    }
    return result;
  };
  return {
    run: (input, fn) => after(() => stateFile.run(host, input, fn)),
    *steps(input, steps) {
      const logging = stateFile.runSteps(host, input, steps);
      for (;;) {
        let step: IteratorResult<void, unknown>;
        try {
          step = logging.next();
        } catch (err) {
          return after(() => {
            throw err;
          });
        }
        // The last step wrote the line: its outcome is told as run()'s is.
        if (step.done) return after(() => step.value) as never;
        yield;
      }
    },
  };
}

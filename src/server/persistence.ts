import type { Platform } from '../domain/platform.js';
import type { ControlRoute } from '../control/routes.js';
import { DataFileError } from '../store/data-files.js';
import { loadScenario } from '../store/scenarios.js';
import { LogLineError, type Command, type CommandInput, type CommandReplay, type StateFile, type StateFileHost } from '../store/state-file.js';
import { OPERATIONS } from './operations.js';

/**
 * How the server makes a change durable before acknowledging it. `run` throws a DataFileError
 * (the change undone) when it cannot.
 */
export interface Persistence {
  run<T>(input: CommandInput, fn: () => T, logRefused?: boolean): T;
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
  return {
    run(input, fn, logRefused) {
      let result;
      try {
        result = stateFile.run(host, input, fn, logRefused);
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
    },
  };
}

/** A control route run again from the log: only params and body matter to the persisted ones. */
function replayRequest(params: unknown) {
  return { params: params ?? {}, query: {}, headers: { host: 'localhost' }, protocol: 'http', hostname: 'localhost' };
}

/** Runs logged commands again, as they ran live; refuses a command no route or operation runs. */
export function commandExecutor(platform: Platform, controlRoutes: ControlRoute[]): CommandReplay {
  const routes = new Map(controlRoutes.map((r) => [r.operationId, r]));
  return {
    check(command) {
      if (command.kind === 'control') return routes.has(command.operationId) ? undefined : `未知的控制面操作${command.operationId}`;
      if (!OPERATIONS[command.operationId]) return `未知的接口操作${command.operationId}`;
      if (typeof command.appId !== 'string') return '缺少appId';
      return undefined;
    },
    run(command: Command) {
      if (command.kind === 'control') {
        routes.get(command.operationId)!.handler(replayRequest(command.params) as never, (command.body ?? {}) as Record<string, unknown>);
        return;
      }
      if (command.params === undefined) {
        // A token: logged without the appPassword, after the live call authenticated the app.
        platform.issueToken(String(command.appId));
        return;
      }
      const app = platform.app(String(command.appId));
      // Live, the call came with a token of this app; replayed in order, the app is there.
      if (!app) throw new LogLineError(`应用${command.appId}此时并不存在（日志与快照对不上）`);
      OPERATIONS[command.operationId]!({ platform, params: command.params as Record<string, unknown>, app, callerIp: command.callerIp ?? '' });
    },
  };
}

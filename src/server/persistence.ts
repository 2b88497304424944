import type { Platform } from '../domain/platform.js';
import type { ControlRoute } from '../control/routes.js';
import type { Command, CommandInput, StateFile, StateFileHost } from '../store/state-file.js';
import { OPERATIONS } from './operations.js';

/** How the server makes a change durable before acknowledging it. */
export interface Persistence {
  run<T>(input: CommandInput, fn: () => T, logRefused?: boolean): T;
}

export function stateHost(platform: Platform): StateFileHost {
  return {
    snapshot: () => platform.snapshot(),
    restore: (snapshot) => platform.restore(snapshot),
    offsetMs: () => platform.clock.offsetSeconds() * 1000,
    setOffsetMs: (ms) => platform.clock.setOffsetMs(ms),
  };
}

/** Persistence over a state file: log each change, snapshot when due (after the response). */
export function filePersistence(stateFile: StateFile, platform: Platform): Persistence {
  const host = stateHost(platform);
  let compactionQueued = false;
  return {
    run(input, fn, logRefused) {
      const result = stateFile.run(host, input, fn, logRefused);
      if (stateFile.compactionDue && !compactionQueued) {
        compactionQueued = true;
        setImmediate(() => {
          compactionQueued = false;
          stateFile.compact(host, platform.scenarioSource);
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

/** Runs a logged command again, as it ran live. */
export function commandExecutor(platform: Platform, controlRoutes: ControlRoute[]): (command: Command) => void {
  const routes = new Map(controlRoutes.map((r) => [r.operationId, r]));
  return (command) => {
    if (command.kind === 'control') {
      const route = routes.get(command.operationId);
      if (!route) throw new Error(`unknown control operation in the log: ${command.operationId}`);
      route.handler(replayRequest(command.params) as never, (command.body ?? {}) as Record<string, unknown>);
      return;
    }
    if (command.params === undefined) {
      // A token: logged without the appPassword, after the live call authenticated the app.
      platform.issueToken(String(command.appId));
      return;
    }
    const app = platform.app(String(command.appId));
    if (!app) return;
    OPERATIONS[command.operationId]?.({ platform, params: command.params as Record<string, unknown>, app, callerIp: command.callerIp ?? '' });
  };
}

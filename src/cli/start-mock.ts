import type { FastifyInstance } from 'fastify';
import { controlRouteTable } from '../control/routes.js';
import { createClock } from '../domain/clock.js';
import { FaultRegistry } from '../domain/faults.js';
import { Platform } from '../domain/platform.js';
import { createIdSource } from '../domain/random.js';
import { buildServer } from '../server/app.js';
import { commandExecutor, filePersistence, stateHost } from '../server/persistence.js';
import { Journal } from '../store/journal.js';
import { Recorder } from '../store/recorder.js';
import { loadScenario } from '../store/scenarios.js';
import { StateFile } from '../store/state-file.js';
import type { MockOptions } from './mock-options.js';

export interface RunningMock {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  /** With --data: whether saved state was found, how many logged changes were replayed, warnings. */
  data?: { file: string; restored: boolean; replayed: number; warnings: string[] };
}

/** Loads the scenario (or the saved state), builds the platform and the server, and listens. */
export async function startMock(options: MockOptions): Promise<RunningMock> {
  const recorder = new Recorder();
  const stateFile = options.data ? new StateFile(options.data, recorder) : undefined;
  const saved = stateFile?.saved;
  const warnings: string[] = [];
  // Saved state continues on the scenario (and seed) it was built on.
  if (saved && saved.scenario !== options.scenario && options.scenario !== 'default') {
    warnings.push(`数据文件的场景是${saved.scenario}，忽略--scenario ${options.scenario}（删除数据文件可重新开始）`);
  }
  const seed = saved?.seed ?? options.seed;
  const scenario = loadScenario(saved?.scenario ?? options.scenario, { seed: seed ?? undefined });
  const platform = new Platform({ scenario, clock: recorder.wrapClock(createClock()), ids: recorder.wrapIds(createIdSource(seed ?? undefined)), seed: seed ?? undefined });
  const journal = new Journal(options.journalSize);
  const faults = new FaultRegistry();
  let data: RunningMock['data'];
  if (stateFile) {
    const loaded = stateFile.load(stateHost(platform), platform.scenarioSource, seed, commandExecutor(platform, controlRouteTable({ platform, journal, faults })));
    data = { file: stateFile.file, ...loaded, warnings };
  }
  const app = await buildServer({
    platform,
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    journal,
    faults,
    adminToken: options.adminToken,
    persistence: stateFile ? filePersistence(stateFile, platform) : undefined,
  });
  if (stateFile) app.addHook('onClose', async () => stateFile.close(stateHost(platform), platform.scenarioSource));
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, platform, url: `http://${host}:${port}`, data };
}

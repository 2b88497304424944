import type { FastifyInstance } from 'fastify';
import { createClock } from '../domain/clock.js';
import { FaultRegistry } from '../domain/faults.js';
import { Platform } from '../domain/platform.js';
import { createIdSource } from '../domain/random.js';
import { MockCore } from '../mock/core.js';
import { canCheckFirst } from '../mock/prechecks.js';
import { filePersistence, stateHost } from '../mock/persistence.js';
import { Journal } from '../store/journal.js';
import { buildMockServer } from './mock-server.js';
import { Recorder } from '../store/recorder.js';
import { loadScenario } from '../store/scenarios.js';
import { loadDeploymentProfile } from '../store/deployment-profile-file.js';
import { loadSpec } from '../spec/load.js';
import { StateFile, type StateFileOptions } from '../store/state-file.js';
import type { MockOptions } from './mock-options.js';

export interface RunningMock {
  app: FastifyInstance;
  core: MockCore;
  platform: Platform;
  url: string;
  /** With --data: whether saved state was found, how many logged changes were replayed, warnings. */
  data?: { file: string; restored: boolean; replayed: number; warnings: string[] };
}

/** What tests change about the --data files: their file operations, compaction, where warnings go. */
export interface DataInternals extends Omit<StateFileOptions, 'acceptDataLoss'> {
  warn?: (line: string) => void;
}

/** A seed for the id stream after `seq` saved changes: the same inputs, the same stream; another seq, another one. */
export function resumedSeed(seed: number, seq: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(seq, 0x85ebca6b)) >>> 0;
}

/** Loads the scenario (or the saved state), builds the platform and the server, and listens. */
export async function startMock(options: MockOptions, internals: DataInternals = {}): Promise<RunningMock> {
  const { warn = (line: string) => void process.stderr.write(`umc-mock: 警告：${line}\n`), ...fileOptions } = internals;
  const recorder = new Recorder();
  const stateFile = options.data ? new StateFile(options.data, recorder, { ...fileOptions, acceptDataLoss: options.acceptDataLoss }) : undefined;
  try {
    return await start(options, recorder, stateFile, warn);
  } catch (err) {
    // Nothing was served: let go of the files as they are.
    stateFile?.release();
    throw err;
  }
}

async function start(options: MockOptions, recorder: Recorder, stateFile: StateFile | undefined, warn: (line: string) => void): Promise<RunningMock> {
  const saved = stateFile?.saved;
  const warnings: string[] = [];
  // Saved state continues on the scenario (and seed) it was built on.
  if (saved && saved.scenario !== options.scenario && options.scenario !== 'default') {
    warnings.push(`数据文件的场景是${saved.scenario}，忽略--scenario ${options.scenario}（删除数据文件可重新开始）`);
  }
  const seed = saved?.seed ?? options.seed;
  const scenario = loadScenario(saved?.scenario ?? options.scenario, { seed: seed ?? undefined });
  const profileFile = options.profile ?? scenario.profileFile;
  const profile = profileFile ? loadDeploymentProfile(profileFile, loadSpec(), options.profileLenient, canCheckFirst) : undefined;
  // The id stream can be moved on once the saved state is loaded (below).
  let ids = createIdSource(seed ?? undefined);
  const resumable = { uuid: () => ids.uuid(), random: () => ids.random() };
  const platform = new Platform({ scenario, clock: recorder.wrapClock(createClock()), ids: recorder.wrapIds(resumable), seed: seed ?? undefined, idShapes: profile?.ids });
  const core = new MockCore({ platform, journal: new Journal(options.journalSize), faults: new FaultRegistry(), profile });
  let data: RunningMock['data'];
  if (stateFile) {
    // Saved changes replay through the core that will serve, as they ran live.
    const { restored, replayed, notes } = stateFile.load(stateHost(platform), platform.scenarioSource, seed, core);
    warnings.push(...notes);
    data = { file: stateFile.file, restored, replayed, warnings };
    // With --seed, a restart must not draw the ids it drew before (a new msgId equal to a stored
    // one would overwrite it): continue on a stream derived from the seed and the changes so far,
    // so the same seed and the same file still give the same ids.
    if (seed !== undefined && seed !== null && stateFile.lastSeq > 0) ids = createIdSource(resumedSeed(seed, stateFile.lastSeq));
  }
  // Changes are logged from here on: what was replayed is in the files already.
  if (stateFile) core.persistence = filePersistence(stateFile, platform, warn);
  const app = await buildMockServer(core, { logger: options.logLevel === 'silent' ? false : { level: options.logLevel }, adminToken: options.adminToken, detailHeader: options.detailHeader });
  if (stateFile) {
    app.addHook('onClose', async () => {
      try {
        stateFile.close(stateHost(platform), platform.scenarioSource);
      } catch (err) {
        warn(`关闭时没能写入快照（${(err as Error).message}）：变更都还在${stateFile.logFile}中，下次启动会重放`);
      }
    });
  }
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, core, platform, url: `http://${host}:${port}`, data };
}

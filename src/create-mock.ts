import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type Logger } from 'pino';
import { createClock } from './domain/clock.js';
import { Platform } from './domain/platform.js';
import { createIdSource } from './domain/random.js';
import type { Scenario } from './domain/scenario.js';
import { MockCore } from './mock/core.js';
import { MockDoor } from './mock/handle.js';
import { filePersistence, stateHost } from './mock/persistence.js';
import { canCheckFirst } from './mock/prechecks.js';
import { redactUrl } from './mock/redact.js';
import { mockOptions, type MockOptions, type MockOptionsInput } from './mock-options.js';
import { buildServer } from './server/app.js';
import type { DeploymentChoices } from './spec/deployment-choices.js';
import { loadSpec } from './spec/load.js';
import { loadDeploymentProfile } from './store/deployment-profile-file.js';
import { Journal } from './store/journal.js';
import { Recorder } from './store/recorder.js';
import { loadScenario } from './store/scenarios.js';
import { StateFile } from './store/state-file.js';

/** A mock built and ready to listen: its parts, and its HTTP server. */
export interface Mock {
  readonly options: MockOptions;
  readonly platform: Platform;
  readonly core: MockCore;
  /** The one door every request enters by (src/mock/handle.ts). */
  readonly door: MockDoor;
  /** The HTTP server over the door (Fastify), not listening until listen(). */
  readonly app: FastifyInstance;
  /** With --data: whether saved state was found, how many logged changes were replayed, warnings. */
  readonly data?: { file: string; restored: boolean; replayed: number; warnings: string[] };
  /** Listens on the options' host and port; the mock's base URL. */
  listen(): Promise<string>;
  /** The base URL once listening. */
  readonly url: string;
  /** Stops listening and, with --data, writes the snapshot and lets go of the files. */
  close(): Promise<void>;
}

/** A seed for the id stream after `seq` saved changes: the same inputs, the same stream; another seq, another one. */
export function resumedSeed(seed: number, seq: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(seq, 0x85ebca6b)) >>> 0;
}

/** One line to stderr, as the CLI writes its warnings. */
const stderrWarning = (line: string) => void process.stderr.write(`umc-mock: 警告：${line}\n`);

/** The mock's one logger: query strings carry appPassword and token, so a request's URL is logged masked. */
function loggerOf(options: MockOptions): Logger | undefined {
  if (options.logLevel === 'silent') return undefined;
  const settings = {
    level: options.logLevel,
    serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }) },
  };
  return options.logStream ? pino(settings, options.logStream) : pino(settings);
}

/**
 * The one way a mock is built, for the CLI, startMock(), the tests and the benchmarks alike: the
 * options checked once (mockOptions), the scenario (or the saved state of --data, replayed through
 * the core that will serve), the platform, the core with its persistence and logger, the door, and
 * the HTTP server over it.
 */
export async function createMock(input: MockOptionsInput | MockOptions = {}): Promise<Mock> {
  const options = mockOptions(input);
  const { warn = stderrWarning, ...fileOptions } = options.dataInternals ?? {};
  const recorder = new Recorder();
  const stateFile = options.data ? new StateFile(options.data, recorder, { ...fileOptions, acceptDataLoss: options.acceptDataLoss }) : undefined;
  try {
    return await build(options, recorder, stateFile, warn);
  } catch (err) {
    // Nothing was served: let go of the files as they are.
    stateFile?.release();
    throw err;
  }
}

async function build(options: MockOptions, recorder: Recorder, stateFile: StateFile | undefined, warn: (line: string) => void): Promise<Mock> {
  const saved = stateFile?.saved;
  const warnings: string[] = [];
  // Saved state continues on the scenario (and seed) it was built on.
  if (saved && typeof options.scenario === 'string' && saved.scenario !== options.scenario && options.scenario !== 'default') {
    warnings.push(`数据文件的场景是${saved.scenario}，忽略--scenario ${options.scenario}（删除数据文件可重新开始）`);
  }
  const seed = saved?.seed ?? options.seed;
  const scenario: Scenario = typeof options.scenario === 'string' || saved ? loadScenario(saved?.scenario ?? (options.scenario as string), { seed: seed ?? undefined }) : options.scenario;
  const profile = profileOf(options, scenario);
  // The id stream can be moved on once the saved state is loaded (below).
  let ids = createIdSource(seed ?? undefined);
  const resumable = { uuid: () => ids.uuid(), random: () => ids.random() };
  const platform = new Platform({ scenario, clock: recorder.wrapClock(createClock()), ids: recorder.wrapIds(resumable), seed: seed ?? undefined, idShapes: profile?.ids });
  const logger = loggerOf(options);
  // Replay runs the logged commands themselves (MockCore.run), never through persistence: what
  // is replayed is in the files already, and changes are logged from the first live one on.
  const core = new MockCore({
    platform,
    journal: new Journal(options.journalSize),
    profile,
    persistence: stateFile ? filePersistence(stateFile, platform, warn) : undefined,
    logError: logger ? (fields, message) => logger.error(fields, message) : undefined,
  });
  let data: Mock['data'];
  if (stateFile) {
    const { restored, replayed, notes } = stateFile.load(stateHost(platform), platform.scenarioSource, seed, core);
    warnings.push(...notes);
    data = { file: stateFile.file, restored, replayed, warnings };
    // With --seed, a restart must not draw the ids it drew before (a new msgId equal to a stored
    // one would overwrite it): continue on a stream derived from the seed and the changes so far,
    // so the same seed and the same file still give the same ids.
    if (seed !== undefined && seed !== null && stateFile.lastSeq > 0) ids = createIdSource(resumedSeed(seed, stateFile.lastSeq));
  }
  const door = new MockDoor(core, { adminToken: options.adminToken, detailHeader: options.detailHeader });
  const requestLogging = logger !== undefined && ['info', 'debug', 'trace'].includes(options.logLevel);
  const app = await buildServer(door, { logger, requestLogging, bodyLimit: options.bodyLimit, requestTimeoutMs: options.requestTimeoutMs, writeTimeoutMs: options.writeTimeoutMs });
  if (stateFile) {
    app.addHook('onClose', async () => {
      try {
        stateFile.close(stateHost(platform), platform.scenarioSource);
      } catch (err) {
        warn(`关闭时没能写入快照（${(err as Error).message}）：变更都还在${stateFile.logFile}中，下次启动会重放`);
      }
    });
  }
  let url: string | undefined;
  return {
    options,
    platform,
    core,
    door,
    app,
    data,
    get url() {
      if (url === undefined) throw new Error('the mock is not listening yet: await listen()');
      return url;
    },
    async listen() {
      await app.listen({ port: options.port, host: options.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      return (url = `http://${host}:${port}`);
    },
    close: () => app.close(),
  };
}

/** --profile FILE (or one already read), else the scenario's profile.json, else none. */
function profileOf(options: MockOptions, scenario: Scenario): DeploymentChoices | undefined {
  if (options.profile !== undefined && typeof options.profile !== 'string') return options.profile;
  const file = options.profile ?? scenario.profileFile;
  return file ? loadDeploymentProfile(file, loadSpec(), options.profileLenient, canCheckFirst) : undefined;
}

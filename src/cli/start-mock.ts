import type { FastifyInstance } from 'fastify';
import { createClock } from '../domain/clock.js';
import { Platform } from '../domain/platform.js';
import { createIdSource } from '../domain/random.js';
import { buildServer } from '../server/app.js';
import { Journal } from '../store/journal.js';
import { loadScenario } from '../store/scenarios.js';
import type { MockOptions } from './mock-options.js';

export interface RunningMock {
  app: FastifyInstance;
  platform: Platform;
  url: string;
}

/** Loads the scenario, builds the platform and the server, and listens. */
export async function startMock(options: MockOptions): Promise<RunningMock> {
  const scenario = loadScenario(options.scenario);
  const platform = new Platform({ scenario, clock: createClock(), ids: createIdSource(options.seed) });
  const app = await buildServer({
    platform,
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    journal: new Journal(options.journalSize),
    adminToken: options.adminToken,
  });
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, platform, url: `http://${host}:${port}` };
}

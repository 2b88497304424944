import type { FastifyInstance } from 'fastify';
import { registerControlPlane, type ControlPlaneOptions } from '../control/plugin.js';
import type { MockCore } from '../mock/core.js';
import { buildServer, type ServerOptions } from '../server/app.js';

/** The mock over HTTP: the API's transport, and the control plane plugged in beside it, both over one core. */
export async function buildMockServer(core: MockCore, options: ServerOptions & ControlPlaneOptions = {}): Promise<FastifyInstance> {
  const app = await buildServer(core, options);
  await registerControlPlane(app, core, options);
  return app;
}

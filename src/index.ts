/**
 * umc-kit's public entry: `import { startMock } from 'umc-kit'` starts the mock in-process;
 * ControlClient drives any running mock's control plane (one started by `npx umc-mock` too).
 */
export { startMock, StartedMock, type StartOptions } from './embedded-mock.js';
export { ControlClient, ControlPlaneError, type ControlClientOptions } from './client/control-client.js';
export type * from './client/control-types.js';

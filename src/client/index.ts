/**
 * `import { UmcClient } from 'umc-kit/client'`: the platform API's typed client (UmcClient, its
 * errors, and the types generated from openapi.yaml), and ControlClient for a running mock's
 * control plane. Nothing here loads the mock: an integrator's service can ship with it.
 */
export { UmcClient, type UmcClientOptions, type WaitForDeliveryOptions } from './umc-client.js';
export { UmcApiError, UmcTimeoutError, UmcTransportError, isUmcApiError } from './umc-errors.js';
export { API_OPERATIONS } from './api-types.js';
export type * from './api-types.js';
export { ControlClient, ControlPlaneError, type ControlClientOptions } from './control-client.js';
export type * from './control-types.js';

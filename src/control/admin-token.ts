import type { FastifyRequest } from 'fastify';
import { sameSecret } from '../domain/secrets.js';
import { ControlError } from '../mock/control-error.js';

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** With an admin token configured, every control call must carry it (Bearer or X-UMC-Admin-Token). */
export function checkAdminToken(req: FastifyRequest, adminToken: string | undefined): void {
  if (!adminToken) return;
  const header = req.headers.authorization;
  const given = (typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined) ?? req.headers['x-umc-admin-token'];
  if (typeof given !== 'string' || !sameSecret(given, adminToken)) throw new ControlError('控制面需要管理令牌：Authorization: Bearer <admin-token> 或 X-UMC-Admin-Token', 401);
}

import { ControlClient, ControlPlaneError } from '../client/control-client.js';
import { describeFetchError } from './http.js';
import type { MockControl } from './types.js';

/** The target could not be reached at all: exit code 2. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

/**
 * Recognises umc-mock by its control plane (GET /__umc/health answering service "umc-mock") and
 * gives its control plane as the flows use it (clock, directory, simulated replies); undefined for
 * any other answer (404, HTML, another JSON, a redirect, which is not followed): a real deployment.
 * No answer at all (within --timeout) is an UnreachableError. A shared mock behind --admin-token
 * still answers the control plane to the suite.
 */
export async function mockControlAt(baseUrl: string, timeoutMs: number, adminToken?: string): Promise<MockControl | undefined> {
  const client = new ControlClient(baseUrl, { adminToken: adminToken || undefined, timeoutMs, redirect: 'manual' });
  /** The answer, or the refusal as a value; no answer becomes the UnreachableError. */
  const answer = <T>(call: Promise<T>): Promise<T | ControlPlaneError> =>
    call.catch((err: unknown) => {
      if (!(err instanceof ControlPlaneError)) throw err;
      if (err.status === 0) throw new UnreachableError(`无法连接被测部署 ${baseUrl}：${describeFetchError(err.cause, timeoutMs)}`);
      return err;
    });
  const health = await answer(client.health());
  if (health instanceof ControlPlaneError || (health as { service?: unknown } | null)?.service !== 'umc-mock') return undefined;
  const refused = (value: unknown): value is ControlPlaneError => value instanceof ControlPlaneError;
  return {
    async advanceClock(seconds) {
      const moved = await answer(client.clock.advance(seconds));
      if (refused(moved)) throw moved;
    },
    async now() {
      const clock = await answer(client.clock.get());
      return refused(clock) ? undefined : clock.epochMs;
    },
    async users() {
      const people = await answer(client.users.all());
      return refused(people) ? undefined : (people as unknown as Record<string, unknown>[]);
    },
    async postReply(userId, msgId, content) {
      const taken = await answer(client.users.reply(userId, { msgId, content }));
      return refused(taken) ? `HTTP ${taken.status} ${taken.detail.slice(0, 200)}` : undefined;
    },
  };
}

import { SimulationRefused } from '../domain/messaging/refusal.js';
import { ControlInputError } from '../spec/control-spec.js';
import { DataFileError } from '../store/data-files.js';

/**
 * A control-plane request refused: plain JSON `{error}` with an HTTP status. The control plane's one
 * error type: what the layers below throw (they know no HTTP) becomes one in `controlErrorOf`, the
 * one place where a refusal gets its status.
 */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }

  /** What the control plane answers for it: its status and `{error}`. */
  get answer(): { status: number; body: { error: string } } {
    return { status: this.statusCode, body: { error: this.message } };
  }
}

/** A simulated person's action the platform refuses, by kind. */
const REFUSAL_STATUS: Record<SimulationRefused['kind'], number> = { invalid: 400, 'not-found': 404, conflict: 409 };

/** The control-plane refusal an error stands for, with its HTTP status; undefined for anything else (a bug). */
export function controlErrorOf(err: unknown): ControlError | undefined {
  if (err instanceof ControlError) return err;
  // control-plane.yaml's query or body rules.
  if (err instanceof ControlInputError) return new ControlError(err.message, 400);
  if (err instanceof SimulationRefused) return new ControlError(err.message, REFUSAL_STATUS[err.kind]);
  // --data could not make the change durable: it was undone.
  if (err instanceof DataFileError) return new ControlError(err.message, 503);
  return undefined;
}

/**
 * A simulated user action (control plane) the platform refuses: not a business envelope but a
 * plain error the control plane turns into HTTP 400 / 404 / 409.
 */
export class SimulationRefused extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found' | 'conflict',
  ) {
    super(message);
    this.name = 'SimulationRefused';
  }
}

/** A control-plane request the caller got wrong: plain JSON `{error}` with an HTTP status. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

import { RSP_CODES, type RspCode } from './codes.js';

/**
 * A business outcome other than success. The server turns it into an HTTP 200 envelope;
 * nothing in the domain knows about HTTP.
 */
export class UmcError extends Error {
  readonly rspCode: RspCode;
  constructor(rspCode: RspCode, rspMsg?: string) {
    super(rspMsg ?? RSP_CODES[rspCode]);
    this.name = 'UmcError';
    this.rspCode = rspCode;
  }
  get rspMsg(): string {
    return this.message;
  }
}

/** The catalogue message, with the detail that names the field or the reason. */
export function detailed(code: RspCode, detail: string): string {
  return `${RSP_CODES[code]}：${detail}`;
}

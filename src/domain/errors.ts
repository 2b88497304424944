import { RSP_CODES, type RspCode } from './codes.js';

/**
 * A business outcome other than success. The server turns it into an HTTP 200 envelope;
 * nothing in the domain knows about HTTP.
 *
 * rspMsg is the catalogue's text for the code (表4-1-2), whatever the situation: the platform
 * answers one fixed message per code. Only 500001 names the field, as a servlet's validation
 * message would, so for 500001 the detail is the rspMsg. For every other code the detail (which
 * field, account or id) is for the developer: the journal and the dev inbox show it, the
 * caller never sees it.
 */
export class UmcError extends Error {
  readonly rspCode: RspCode;
  /** What exactly was wrong, for the journal; never in the envelope (but 500001's rspMsg). */
  readonly detail: string | undefined;
  /** The parameter at fault, where there is one (a deployment profile words 500001 per parameter). */
  readonly param: string | undefined;
  constructor(rspCode: RspCode, detail?: string, param?: string) {
    const namesField = rspCode === '500001' && detail !== undefined;
    super(namesField ? detail : RSP_CODES[rspCode]);
    this.name = 'UmcError';
    this.rspCode = rspCode;
    this.detail = namesField ? undefined : detail;
    this.param = param;
  }
  get rspMsg(): string {
    return this.message;
  }
}

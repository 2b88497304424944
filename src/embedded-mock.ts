import { ControlClient } from './client/control-client.js';
import { createMock } from './create-mock.js';

/** What `umc-mock`'s flags set, for a mock started inside the caller's process. */
export interface StartOptions {
  /** Listen port; 0 (the default here) picks a free one: read `url`. */
  port?: number;
  /** Listen address, 127.0.0.1 by default; anything else needs adminToken. */
  host?: string;
  /** A scenario shipped in fixtures/ ('default'), or a path to a scenario folder. */
  scenario?: string;
  /** Ids, delivery latencies and generated people repeat exactly. */
  seed?: number;
  /** Keep the whole state in this file (and FILE.log); a restart continues where it stopped. */
  data?: string;
  /** Start from a damaged data file anyway. */
  acceptDataLoss?: boolean;
  /** Required on every control call (the client returned sends it). At least 8 characters. */
  adminToken?: string;
  /** How many calls the request journal keeps (1000). */
  journalSize?: number;
  /** fatal|error|warn|info|debug|trace|silent (warn). */
  logLevel?: string;
  /** A deployment profile (umc-contract --save-profile) to answer by, where the document leaves the choice open. */
  profile?: string;
  /** Drop (rather than refuse) the profile's entries that contradict the document. */
  profileLenient?: boolean;
  /** A refusal's detail (secrets masked) in the mock-only X-UMC-Detail header, URL-encoded (true); false as --no-detail-header. */
  detailHeader?: boolean;
}

/** A running mock: its URL, the control-plane helpers of ControlClient, its clock read in-process, and close(). */
export class StartedMock extends ControlClient {
  readonly #close: () => Promise<void>;
  readonly #now: () => number;

  constructor(url: string, adminToken: string | undefined, close: () => Promise<void>, now: () => number) {
    super(url, { adminToken });
    this.#close = close;
    this.#now = now;
  }

  /**
   * The platform clock now, in epoch ms, read without a request: what a UmcClient's `now` option
   * takes, so that the mock's clock (moved by clock.advance) decides when its token expires.
   */
  now(): number {
    return this.#now();
  }

  protected override async platformNow(): Promise<number> {
    return this.#now();
  }

  /** Stops listening and, with `data`, writes the snapshot and lets go of the files. */
  close(): Promise<void> {
    return this.#close();
  }
}

/** The options startMock() documents, and no others: what the CLI's flags set. */
function pick(options: StartOptions): StartOptions {
  const { port, host, scenario, seed, data, acceptDataLoss, adminToken, journalSize, logLevel, profile, profileLenient, detailHeader } = options;
  return { port, host, scenario, seed, data, acceptDataLoss, adminToken, journalSize, logLevel, profile, profileLenient, detailHeader };
}

/**
 * Starts umc-mock in this process, listening on 127.0.0.1 (a free port unless `port` says
 * otherwise). A second start in the same process reuses the loaded spec and compiled validators.
 */
export async function startMock(options: StartOptions = {}): Promise<StartedMock> {
  // Explicit options only: the caller's environment (UMC_ADMIN_TOKEN, UMC_PORT) is not read in-process.
  const mock = await createMock({ ...pick(options), port: options.port ?? 0 });
  const url = await mock.listen();
  return new StartedMock(url, mock.options.adminToken, () => mock.close(), () => mock.platform.clock.now());
}

import type { Scenario } from './domain/scenario.js';
import { isLoopback } from './mock/control-guard.js';
import type { DeploymentChoices } from './spec/deployment-choices.js';
import type { StateFileOptions } from './store/state-file.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What tests change about the --data files: their file operations, compaction, where warnings go. */
export interface DataInternals extends Omit<StateFileOptions, 'acceptDataLoss'> {
  warn?: (line: string) => void;
}

/** Everything a mock is built from: what `umc-mock`'s flags set, and what startMock() and tests pass. */
export interface MockOptions {
  /** Listen port; 0 picks a free one. */
  port: number;
  /** Listen address; anything but loopback needs adminToken. */
  host: string;
  /** A scenario shipped in fixtures/ ('default'), a path to a scenario folder, or a loaded one (tests). */
  scenario: string | Scenario;
  /** Ids, delivery latencies and generated people repeat exactly. */
  seed?: number;
  /** Keep the whole state in this file (and FILE.log); a restart continues where it stopped. */
  data?: string;
  /** Start from a damaged data file anyway. */
  acceptDataLoss: boolean;
  /** Required on every control call; at least 8 characters. */
  adminToken?: string;
  /** How many calls the request journal keeps. */
  journalSize: number;
  logLevel: LogLevel;
  /** Where log lines go (stdout unless given: tests capture them). */
  logStream?: { write(line: string): unknown };
  /** A deployment profile file (umc-contract --save-profile), or one already read (tests). */
  profile?: string | DeploymentChoices;
  /** Drop (rather than refuse) the profile's entries that contradict the document. */
  profileLenient: boolean;
  /** A refusal's detail (secrets masked) in the mock-only X-UMC-Detail header. */
  detailHeader: boolean;
  /** The HTTP server's limits: largest body (bytes), time to receive a request, time an answer may go undrained (ms). */
  bodyLimit?: number;
  requestTimeoutMs?: number;
  writeTimeoutMs?: number;
  /** --data's file operations and warnings, as tests set them. */
  dataInternals?: DataInternals;
}

/** The options as given: anything with a default may be left out; numbers may come as the CLI's decimal text. */
export type MockOptionsInput = Partial<Omit<MockOptions, 'port' | 'seed' | 'journalSize' | 'logLevel'>> & {
  port?: number | string;
  seed?: number | string;
  journalSize?: number | string;
  logLevel?: string;
};

/** Names the messages use for an option (the CLI's flags; `port` may come from UMC_PORT instead). */
export type OptionNames = Partial<Record<keyof MockOptions, string>>;

/** The one place the defaults are. */
export const MOCK_DEFAULTS = {
  port: 8010,
  host: '127.0.0.1',
  scenario: 'default',
  acceptDataLoss: false,
  journalSize: 1000,
  logLevel: 'warn',
  profileLenient: false,
  detailHeader: true,
} as const satisfies Partial<MockOptions>;

/** An integer option in [min, max]: a number, or decimal digits as a command line gives them. */
function integer(value: number | string, min: number, max: number): number | undefined {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

/** Options already checked: createMock() does not check them twice. */
const checked = new WeakSet<MockOptions>();

/**
 * The options checked once, against one set of rules (ranges, the token's length, the loopback
 * rule), with the defaults filled in, frozen. A message names the option as `names` says (the
 * CLI's flag by default).
 */
export function mockOptions(input: MockOptionsInput | MockOptions, names: OptionNames = {}): MockOptions {
  if (checked.has(input as MockOptions)) return input as MockOptions;
  const name = (key: keyof MockOptions, flag: string) => names[key] ?? flag;
  const port = integer(input.port ?? MOCK_DEFAULTS.port, 0, 65535);
  if (port === undefined) throw new Error(`${name('port', '--port')} 必须是0到65535的整数：${input.port}`);
  const logLevel = input.logLevel ?? MOCK_DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new Error(`${name('logLevel', '--log-level')} 必须是 ${LOG_LEVELS.join('|')} 之一：${logLevel}`);
  const seed = input.seed === undefined ? undefined : integer(input.seed, 0, 0xffffffff);
  if (input.seed !== undefined && seed === undefined) throw new Error(`${name('seed', '--seed')} 必须是0到4294967295的整数：${input.seed}`);
  const journalSize = integer(input.journalSize ?? MOCK_DEFAULTS.journalSize, 1, 1_000_000);
  if (journalSize === undefined) throw new Error(`${name('journalSize', '--journal-size')} 必须是1到1000000的整数：${input.journalSize}`);
  if (input.acceptDataLoss && input.data === undefined) throw new Error('--accept-data-loss 只能与 --data 一起使用');
  const adminToken = input.adminToken;
  if (adminToken !== undefined && adminToken.length < 8) throw new Error('管理令牌（--admin-token、--admin-token-file 或 UMC_ADMIN_TOKEN）至少8个字符');
  const host = input.host ?? MOCK_DEFAULTS.host;
  if (!isLoopback(host) && !adminToken) {
    throw new Error(`监听非回环地址 ${host} 时必须用 --admin-token 保护控制面（/__umc 可以重置数据、伪造用户操作）`);
  }
  const options: MockOptions = Object.freeze({
    ...input,
    port,
    host,
    scenario: input.scenario ?? MOCK_DEFAULTS.scenario,
    seed,
    acceptDataLoss: input.acceptDataLoss ?? MOCK_DEFAULTS.acceptDataLoss,
    journalSize,
    logLevel: logLevel as LogLevel,
    profileLenient: input.profileLenient ?? MOCK_DEFAULTS.profileLenient,
    detailHeader: input.detailHeader ?? MOCK_DEFAULTS.detailHeader,
  });
  checked.add(options);
  return options;
}

import { parseArgs } from 'node:util';
import type { Mode, Severity } from './types.js';

export const REPORTERS = ['tap', 'junit', 'json'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** A reporter and where it writes: a file, or '-' for standard output. */
export interface ReporterTarget {
  name: ReporterName;
  out: string;
}

export interface ContractOptions {
  baseUrl: string;
  appId: string;
  appPassword: string;
  mode: Mode;
  only: string[];
  skip: string[];
  /** Requests per second; undefined: the default for the target (none on the mock, 10 elsewhere). */
  rateLimit?: number;
  /** Per-request timeout, milliseconds. */
  timeoutMs: number;
  reporters: ReporterTarget[];
  seed: number;
  /** --receivers FILE: the test people etc. for full mode on a real deployment. */
  receiversFile?: string;
  /** How long a flow may wait for delivery on a real deployment, seconds. */
  flowTimeoutSeconds: number;
  /** Seconds between polls of a flow on a real deployment. */
  pollSeconds: number;
  /** --strict: notes count as fails (for checking umc-mock itself against its own assumptions). */
  strict: boolean;
  /** --admin-token: the control plane's token of a shared umc-mock, so it is still recognised. */
  adminToken?: string;
  /** --out assumptions=FILE: the assumption report as JSON. */
  assumptionsOut?: string;
  /** --concurrency N: cases in flight at once (after the token cases, before the exclusive ones). */
  concurrency: number;
  /** --retries N: how many times a transport problem or a gateway's 502/503/504 page is sent again. */
  retries: number;
  /** --fail-on client-visible: notes a client would notice are fails. */
  failOn?: Severity;
  /** --token-age S: how old the run's token gets before the lifetime case uses it again, seconds. */
  tokenAgeSeconds: number;
  /** --save-profile FILE: what the deployment did in every case, for a later --baseline. */
  saveProfile?: string;
  /** --baseline FILE: a saved profile this run is compared with. */
  baselineFile?: string;
  /** --baseline-strict: a changed rspMsg wording since the baseline is a fail too. */
  baselineStrict: boolean;
}

/** A configuration mistake: exit code 2, message only. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_FOREIGN_RATE_LIMIT = 10;
export const DEFAULT_CONCURRENCY = 4;

export const USAGE = `用法: umc-contract --base-url URL --app-id ID --app-password SECRET [选项]

按 openapi.yaml 检查一个统一消息中心平台部署（或 umc-mock）是否遵守接口契约：以 rspCode 判断。

  --base-url URL        被测部署的地址（或环境变量 UMC_BASE_URL；都没有时用 UMC_URL，即 umc-mock 的地址），
                        例如 http://127.0.0.1:8010
  --app-id ID           应用ID（或 UMC_APP_ID）
  --app-password S      应用秘钥（或 UMC_APP_PASSWORD；建议用环境变量，避免出现在命令历史中）
  --mode safe|full      safe（默认）：只获取token、只读查询，对会改变或消耗状态的接口只发缺少或伪造token的请求，
                        不会发给任何人、不会取走回复；full：还发送消息给测试接收人、取走回复、确认待办，
                        并检查这些接口的参数规则（真实部署上必须同时给 --receivers）
  --receivers FILE      full 模式的测试接收人JSON：{"users":[{"userId","name"}],"mobiles":["1xx…"],
                        "publicId","templateId","templateUserId","sendChannel"}（针对umc-mock可省略）
  --only X[,Y]          只运行这些：operationId、标签（token/query/send/confirm）、用例组
                        （token/auth/negative/positive/flow）或用例id前缀
  --skip X[,Y]          跳过这些（同上），也可以是检查名（如 rsp_msg_names_field）以关闭该检查
  --rate-limit N        每秒最多N个请求（默认：umc-mock 不限，其他部署 ${DEFAULT_FOREIGN_RATE_LIMIT}）
  --timeout S           单个请求的超时秒数（默认 10）
  --flow-timeout S      full 模式流程在真实部署上等待投递完成的最长秒数（默认 120）
  --poll S              full 模式流程在真实部署上两次查询之间的秒数（默认 3）
  --concurrency N       同时进行的用例数（默认 ${DEFAULT_CONCURRENCY}；始终受 --rate-limit 限制）。获取token的用例先逐个运行
  --retries N           传输问题（连接被拒绝或重置、超时、网关的502/503/504页面）重发的次数（默认 0）；
                        注意：连接在平台收下发送请求之后才断开时，重发可能重复发送
  --fail-on client-visible
                        把客户端会察觉的提示（Content-Type、HTTP状态、同一情形的另一个返回码、字段类型或有无）也算作失败
  --token-age S         token寿命用例等到本次运行的token用了S秒再用它一次（默认 0：即本次运行的时长）；
                        token在7200秒内被拒绝（500003）且其间没有签发更新的token，是失败
  --save-profile FILE   把部署在每个用例中的表现（rspCode、HTTP状态、Content-Type、字段类型与有无、rspMsg、
                        id形状、接受的token请求方式）存为带版本的JSON档案；不含密钥、token、接收人和消息内容
  --baseline FILE       与之前 --save-profile 的档案比较：表现有变化的用例是失败（“与基线相比有变化”），
                        前后对照；rspMsg措辞的变化只列出
  --baseline-strict     rspMsg措辞的变化也算失败
  --strict              把“提示”（与umc-mock的假设不同）也算作失败：用于检查umc-mock本身
  --admin-token T       共享的umc-mock启用了 --admin-token 时的管理令牌（或 UMC_ADMIN_TOKEN）
  --reporter R[,R]      tap（默认）、junit、json；可多个
  --out FILE[,FILE]     报告文件，按顺序对应 --reporter（逗号分隔，或重复 --out）；也可写 NAME=FILE；
                        '-' 为标准输出；assumptions=FILE 把假设报告（每条假设：证实、被推翻或未观察到）写成JSON
  --seed N              生成用例的随机种子（默认随机，报告中给出，可复现）
  -v, --version         显示版本号
  -h, --help            显示本帮助

结论：失败（违反文档的明文规定，或与基线相比有变化，退出码1）；提示（与umc-mock的假设不同，
      标明客户端是否会察觉，不影响退出码）；无法判断（用例没能检验到规则，附原因；不算通过）；
      错误（传输或网关问题，无从判断，退出码1）。答复中回显了appPassword或有效token是安全问题，退出码1。
退出码：0 没有失败（允许提示和无法判断）；1 有失败、错误或安全问题；2 配置错误、目标不可达，
      或目标根本不是本接口（每个请求都被重定向、都是HTML页面、TLS不匹配）。
`;

/** Every flag of `umc-contract`: USAGE lists exactly these (test/unit/cli-help.test.ts). */
export const CONTRACT_FLAGS = {
  'base-url': { type: 'string' },
  'app-id': { type: 'string' },
  'app-password': { type: 'string' },
  mode: { type: 'string', default: 'safe' },
  receivers: { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  'rate-limit': { type: 'string' },
  timeout: { type: 'string', default: '10' },
  'flow-timeout': { type: 'string', default: '120' },
  reporter: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
  seed: { type: 'string' },
  poll: { type: 'string', default: '3' },
  strict: { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  retries: { type: 'string', default: '0' },
  'fail-on': { type: 'string' },
  'token-age': { type: 'string', default: '0' },
  'save-profile': { type: 'string' },
  baseline: { type: 'string' },
  'baseline-strict': { type: 'boolean', default: false },
  'admin-token': { type: 'string' },
  version: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${flag} 必须是正数：${text}`);
  return n;
}

function count(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < min) throw new ConfigError(`${flag} 必须是不小于${min}的整数：${text}`);
  return n;
}

function bindReporters(names: string[], outs: string[]): ReporterTarget[] {
  const targets: ReporterTarget[] = [];
  const named = new Map<string, string>();
  const positional: string[] = [];
  for (const out of outs.filter((o) => !o.startsWith('assumptions='))) {
    const m = /^(tap|junit|json)=(.+)$/.exec(out);
    if (m) named.set(m[1]!, m[2]!);
    else positional.push(out);
  }
  const wanted = names.length > 0 ? names : named.size > 0 ? [...named.keys()] : ['tap'];
  for (const name of wanted) {
    if (!(REPORTERS as readonly string[]).includes(name)) throw new ConfigError(`--reporter 只能是 ${REPORTERS.join('、')}：${name}`);
    const out = named.get(name) ?? positional.shift() ?? '-';
    targets.push({ name: name as ReporterName, out });
  }
  for (const name of named.keys()) if (!wanted.includes(name)) throw new ConfigError(`--out ${name}=… 对应的报告没有用 --reporter 选中`);
  if (positional.length > 0) throw new ConfigError(`--out 比 --reporter 多：${positional.join(', ')}`);
  if (new Set(wanted).size !== wanted.length) throw new ConfigError(`--reporter 重复：${wanted.join(',')}`);
  if (targets.filter((t) => t.out === '-').length > 1) throw new ConfigError('只能有一个报告写到标准输出：请用 --out 给其他报告指定文件');
  const files = targets.filter((t) => t.out !== '-').map((t) => t.out);
  if (new Set(files).size !== files.length) throw new ConfigError(`--out 不能让两个报告写同一个文件：${files.join(', ')}`);
  return targets;
}

function failOn(text: string | undefined): Severity | undefined {
  if (text === undefined) return undefined;
  if (text !== 'client-visible') throw new ConfigError(`--fail-on 只能是 client-visible：${text}`);
  return text;
}

/**
 * `--out -,junit.xml` as `--out=-,junit.xml`: parseArgs refuses a separate value that starts with a
 * dash as ambiguous (it could be a forgotten value followed by a flag), but a list of reports that
 * starts with standard output is what it looks like. Only for --out, and only a list (`-,…`).
 */
function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && /^-,/.test(argv[i + 1] ?? '')) out.push(`--out=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

/** CLI flags and environment, validated once into one frozen options object. */
export function parseContractOptions(argv: string[], env: Record<string, string | undefined> = process.env): ContractOptions | 'help' | 'version' {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinDashValues(argv),
      strict: true,
      options: CONTRACT_FLAGS,
    }));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (values.help) return 'help';
  if (values.version) return 'version';

  // UMC_URL is where umc-mock is (umc-mock's own commands read it too): the target when nothing else names one.
  const baseUrl = (values['base-url'] ?? (env.UMC_BASE_URL || undefined) ?? env.UMC_URL ?? '').trim();
  const appId = (values['app-id'] ?? env.UMC_APP_ID ?? '').trim();
  const appPassword = values['app-password'] ?? env.UMC_APP_PASSWORD ?? '';
  if (!baseUrl) throw new ConfigError('缺少 --base-url（或环境变量 UMC_BASE_URL、UMC_URL）');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(`--base-url 不是合法的URL：${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`--base-url 必须是 http 或 https 地址：${baseUrl}`);
  if (url.search || url.hash) throw new ConfigError('--base-url 不能带查询参数或#片段');
  if (!appId) throw new ConfigError('缺少 --app-id（或环境变量 UMC_APP_ID）');
  if (!appPassword) throw new ConfigError('缺少 --app-password（或环境变量 UMC_APP_PASSWORD）');

  const mode = values.mode as string;
  if (mode !== 'safe' && mode !== 'full') throw new ConfigError(`--mode 只能是 safe 或 full：${mode}`);
  const timeout = positiveNumber('--timeout', values.timeout)!;
  const flowTimeout = positiveNumber('--flow-timeout', values['flow-timeout'])!;
  const rateLimit = positiveNumber('--rate-limit', values['rate-limit']);
  const poll = positiveNumber('--poll', values.poll)!;
  const outs = list(values.out);
  const assumptionsOuts = outs.filter((o) => o.startsWith('assumptions=')).map((o) => o.slice('assumptions='.length));
  if (assumptionsOuts.length > 1 || assumptionsOuts[0] === '') throw new ConfigError('--out assumptions=FILE 只能给一次，且要写文件名');
  let seed: number;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ConfigError(`--seed 必须是0到4294967295的整数：${values.seed}`);
  } else {
    seed = Math.floor(Math.random() * 0x7fffffff);
  }
  return Object.freeze({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    appId,
    appPassword,
    mode,
    only: list(values.only),
    skip: list(values.skip),
    rateLimit,
    timeoutMs: Math.round(timeout * 1000),
    reporters: bindReporters(list(values.reporter), outs),
    seed,
    receiversFile: values.receivers,
    flowTimeoutSeconds: flowTimeout,
    pollSeconds: poll,
    strict: values.strict === true,
    concurrency: count('--concurrency', values.concurrency, 1) ?? DEFAULT_CONCURRENCY,
    retries: count('--retries', values.retries, 0)!,
    failOn: failOn(values['fail-on']),
    tokenAgeSeconds: count('--token-age', values['token-age'], 0)!,
    saveProfile: values['save-profile'],
    baselineFile: values.baseline,
    baselineStrict: values['baseline-strict'] === true,
    adminToken: values['admin-token'] ?? env.UMC_ADMIN_TOKEN ?? undefined,
    assumptionsOut: assumptionsOuts[0],
  });
}

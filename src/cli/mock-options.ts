import { parseArgs } from 'node:util';

export interface MockOptions {
  port: number;
  host: string;
  logLevel: string;
  scenario: string;
  seed?: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const USAGE = `用法: umc-mock [选项]

  --port N          监听端口（默认 8010；0 表示任意空闲端口）
  --host ADDR       监听地址（默认 127.0.0.1）
  --scenario NAME   场景名（fixtures/NAME.json）或JSON文件路径（默认 default）
  --seed N          随机种子：相同种子得到相同的id序列
  --log-level L     ${LOG_LEVELS.join('|')}（默认 warn；info 记录每个请求，密钥已遮蔽）
  -h, --help        显示本帮助
`;

/** CLI flags validated once into one frozen options object. */
export function parseMockOptions(argv: string[]): MockOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '8010' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'default' },
      seed: { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port 必须是0到65535的整数：${values.port}`);
  if (!LOG_LEVELS.includes(values['log-level']!)) throw new Error(`--log-level 必须是 ${LOG_LEVELS.join('|')} 之一：${values['log-level']}`);
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed 必须是整数：${values.seed}`);
  }
  return Object.freeze({ port, host: values.host!, logLevel: values['log-level']!, scenario: values.scenario!, seed });
}

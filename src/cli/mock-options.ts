import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LOG_LEVELS, MOCK_DEFAULTS, mockOptions, type MockOptions } from '../mock-options.js';
import { listenPortFromEnv } from './mock-url.js';

export const USAGE = `用法: umc-mock [选项]

  --port N          监听端口（默认：环境变量 UMC_PORT；否则 UMC_URL 指向本机的http地址时取其端口；否则 ${MOCK_DEFAULTS.port}）；
                    0 表示任意空闲端口
  --host ADDR       监听地址（默认 ${MOCK_DEFAULTS.host}）
  --scenario NAME|PATH
                    场景：fixtures/ 中的文件夹名，或一个场景文件夹的路径（默认 ${MOCK_DEFAULTS.scenario}）
  --seed N          随机种子：相同种子得到相同的id序列
  --log-level L     ${LOG_LEVELS.join('|')}（默认 ${MOCK_DEFAULTS.logLevel}；info 记录每个请求，密钥已遮蔽）
  --admin-token T   控制面（/__umc）的管理令牌：至少8个字符，任意字符均可；监听非回环地址时必填。
                    每个控制面请求须带 Authorization: Bearer T（或 X-UMC-Admin-Token: T），按恒定时间比较。
                    优先级：--admin-token > --admin-token-file > 环境变量 UMC_ADMIN_TOKEN。
                    命令行参数在 ps 中可见：建议用环境变量或 --admin-token-file
  --admin-token-file FILE
                    从文件读取管理令牌（去掉首尾空白后至少8个字符）
  --journal-size N  请求日志保留的条数（默认 ${MOCK_DEFAULTS.journalSize}，1到1000000）
  --data FILE       把全部状态（应用、token、消息、回复、邮箱、时钟偏移）保存在FILE（及FILE.log）中，
                    重启后继续；不指定时状态只在内存中
  --accept-data-loss
                    数据文件有缺失或损坏时（默认拒绝启动）仍然启动：载入能载入的部分，列出丢弃的内容，
                    并改写数据文件
  --profile FILE    按某个部署的档案（umc-contract --save-profile 写出）答复：文档没有规定之处（rspMsg措辞、
                    各种错误的返回码、5.1.1是否接受GET、Content-Type、debuggerErrorMsg、id形状……）照该部署做，
                    状态、规则和投递不变；没有观察到的地方保持默认。场景目录中的 profile.json 同样生效
  --profile-lenient 档案中违反文档的条目（umc-contract判为失败）去掉并列出，而不是拒绝启动
  --no-detail-header
                    拒绝的调用不再带 X-UMC-Detail 响应头（默认带：URL编码的具体原因，即请求日志的detail，
                    密钥已遮蔽；模拟器独有，真实平台没有这个头）
  -v, --version     显示版本号
  -h, --help        显示本帮助

  umc-mock app create --name 名称 --channels Portal,SMS [--url URL] …
                    在运行中的模拟器上创建接入应用并打印回执（umc-mock app create --help）
  umc-mock app disable|enable 应用ID [--url URL]
                    在运行中的模拟器上禁用或启用接入应用（umc-mock app --help）
  umc-mock export postman [--base-url URL] [--out FILE]
                    生成Postman集合（v2.1），含自动获取token的预请求脚本（umc-mock export postman --help）

环境变量：UMC_PORT 模拟器的端口；UMC_URL 模拟器的地址（如 http://127.0.0.1:18710）。子命令连接
  UMC_URL，否则 http://127.0.0.1:$UMC_PORT，否则 http://127.0.0.1:8010；命令行参数优先于环境变量。
`;

/** Every flag of `umc-mock`: USAGE lists exactly these (test/unit/cli-help.test.ts). */
export const MOCK_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  scenario: { type: 'string' },
  seed: { type: 'string' },
  'log-level': { type: 'string' },
  'admin-token': { type: 'string' },
  'admin-token-file': { type: 'string' },
  'journal-size': { type: 'string' },
  data: { type: 'string' },
  'accept-data-loss': { type: 'boolean' },
  profile: { type: 'string' },
  'profile-lenient': { type: 'boolean' },
  'no-detail-header': { type: 'boolean' },
  version: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** --admin-token-file: the token kept out of the command line (and so out of ps). */
function adminTokenFromFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`--admin-token-file 无法读取：${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** CLI flags (and the environment: UMC_PORT, UMC_URL, UMC_ADMIN_TOKEN) as the mock's options, checked by its one set of rules. */
export function parseMockOptions(argv: string[], env: Record<string, string | undefined> = process.env): MockOptions | 'help' | 'version' {
  const { values } = parseArgs({ args: argv, strict: true, options: MOCK_FLAGS });
  if (values.help) return 'help';
  if (values.version) return 'version';
  // --port, else UMC_PORT, else the port of a UMC_URL on this machine, else 8010.
  const port = values.port !== undefined ? { value: values.port, from: '--port' } : listenPortFromEnv(env);
  return mockOptions(
    {
      port: port.value,
      host: values.host,
      scenario: values.scenario,
      seed: values.seed,
      logLevel: values['log-level'],
      adminToken: values['admin-token'] ?? adminTokenFromFile(values['admin-token-file']) ?? (env.UMC_ADMIN_TOKEN || undefined),
      journalSize: values['journal-size'],
      data: values.data,
      acceptDataLoss: values['accept-data-loss'],
      profile: values.profile,
      profileLenient: values['profile-lenient'],
      detailHeader: values['no-detail-header'] ? false : undefined,
    },
    { port: port.from },
  );
}

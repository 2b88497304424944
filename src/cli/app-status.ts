import { parseArgs } from 'node:util';
import type { AppStatus } from '../client/control-types.js';
import { CONTROL_CLI_OPTIONS, controlUrl, withControl } from './control-client.js';

export const APP_STATUS_USAGE = `用法: umc-mock app disable|enable 应用ID [选项]

  在运行中的模拟器上禁用或启用接入应用（管理员后台的启用/禁用开关）。禁用后该应用获取token返回500002，
  已有token调用5.3.1返回500002、调用其他接口返回500003；重新启用后未过期的token恢复可用。

  --url URL                 模拟器地址（默认：环境变量 UMC_URL；否则 http://127.0.0.1:$UMC_PORT；
                            否则 http://127.0.0.1:8010）
  --admin-token T           控制面管理令牌（模拟器用 --admin-token 启动时）
  --json                    以JSON输出应用
  -h, --help                显示本帮助
`;

/** Every flag of `umc-mock app disable|enable`: its USAGE lists exactly these (test/unit/cli-help.test.ts). */
export const APP_STATUS_FLAGS = CONTROL_CLI_OPTIONS;

const STATUS = { disable: 'disabled', enable: 'enabled' } as const;

/** `umc-mock app disable|enable APPID`: the back office's switch, from the command line, against a running mock. */
export async function appStatus(command: 'disable' | 'enable', argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: APP_STATUS_FLAGS,
  });
  if (values.help) {
    out(APP_STATUS_USAGE);
    return 0;
  }
  const [appId, ...extra] = positionals;
  if (!appId || extra.length > 0) throw new Error('需要且只需要一个应用ID');
  const failed = `${command === 'disable' ? '禁用' : '启用'}失败`;
  const body: AppStatus & { name?: string } = await withControl(controlUrl(values.url), values['admin-token'], failed, (client) => client.apps.setStatus(appId, STATUS[command]));
  out(values.json ? `${JSON.stringify(body)}\n` : `应用${body.appId}（${body.name}）已${command === 'disable' ? '禁用' : '启用'}\n`);
  return 0;
}

import { parseArgs } from 'node:util';
import type { AppForm } from '../client/control-types.js';
import { CONTROL_CLI_OPTIONS, controlUrl, withControl } from './control-client.js';

export const APP_CREATE_USAGE = `用法: umc-mock app create --name 名称 --channels 渠道,… [选项]

  在运行中的模拟器上按“API接入申请表”创建接入应用，打印回执（接口域名、应用ID、应用秘钥）。

  --url URL                 模拟器地址（默认：环境变量 UMC_URL；否则 http://127.0.0.1:$UMC_PORT；
                            否则 http://127.0.0.1:8010）
  --name 名称               应用名称（必填）
  --description 描述        应用描述
  --channels 列表           发送渠道，逗号分隔：Portal,IntelligenceMode,WeChat,Mail,SMS,DingTalk,OfficialAccount（必填）
  --intelligence-order 列表 智能模式的渠道顺序，逗号分隔
  --ip-whitelist 列表       IP白名单，逗号分隔（默认不限）
  --sms-quota N             短信额度（条）
  --open-interfaces 列表    开启默认关闭的接口：userCount,userList
  --admin-token T           控制面管理令牌（模拟器用 --admin-token 启动时）
  --json                    以JSON输出回执
  -h, --help                显示本帮助
`;

/** Every flag of `umc-mock app create`: its USAGE lists exactly these (test/unit/cli-help.test.ts). */
export const APP_CREATE_FLAGS = {
  ...CONTROL_CLI_OPTIONS,
  name: { type: 'string' },
  description: { type: 'string' },
  channels: { type: 'string' },
  'intelligence-order': { type: 'string' },
  'ip-whitelist': { type: 'string' },
  'sms-quota': { type: 'string' },
  'open-interfaces': { type: 'string' },
} as const;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `umc-mock app create …`: the back office's form, from the command line, against a running mock. */
export async function appCreate(argv: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: APP_CREATE_FLAGS,
  });
  if (values.help) {
    out(APP_CREATE_USAGE);
    return 0;
  }
  const opened = list(values['open-interfaces']) ?? [];
  const form: Record<string, unknown> = { name: values.name, channels: list(values.channels) };
  if (values.description !== undefined) form.description = values.description;
  if (values['intelligence-order'] !== undefined) form.intelligenceOrder = list(values['intelligence-order']);
  if (values['ip-whitelist'] !== undefined) form.ipWhitelist = list(values['ip-whitelist']);
  if (values['sms-quota'] !== undefined) form.smsQuota = Number(values['sms-quota']);
  if (opened.length) form.interfaces = Object.fromEntries(opened.map((i) => [i, true]));
  // The form goes as given: the mock checks it (a missing name is its refusal, in its words).
  const body = await withControl(controlUrl(values.url), values['admin-token'], '创建失败', (client) => client.apps.create(form as unknown as AppForm));
  out(values.json ? `${JSON.stringify(body)}\n` : `申请回执\n  接口域名  ${body.apiDomain}\n  应用ID    ${body.appId}\n  应用秘钥  ${body.appPassword}\n`);
  return 0;
}

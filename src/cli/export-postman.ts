import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Scenario } from '../domain/scenario.js';
import { loadSpec } from '../spec/load.js';
import { postmanCollection, type PostmanDefaults } from '../spec/postman.js';
import { loadScenario } from '../store/scenarios.js';
import { mockUrlFromEnv } from './mock-url.js';

export const EXPORT_USAGE = `用法: umc-mock export postman [选项]

  生成覆盖openapi.yaml全部接口的Postman集合（v2.1），含示例参数、每个凭证一个集合变量、
  自动获取并缓存token的预请求脚本。可直接导入Postman，或用newman运行。

  --base-url URL    平台地址（集合变量baseUrl；默认：环境变量 UMC_URL；否则 http://127.0.0.1:$UMC_PORT；
                    否则 http://127.0.0.1:8010）
  --out FILE        写入文件（默认输出到标准输出）
  --scenario NAME   示例凭证与示例数据取自此场景（默认 default）
  -h, --help        显示本帮助
`;

/** Every flag of `umc-mock export postman`: its USAGE lists exactly these (test/unit/cli-help.test.ts). */
export const EXPORT_FLAGS = {
  // No default here: --base-url, else UMC_URL, else UMC_PORT, else 8010 (mockUrlFromEnv).
  'base-url': { type: 'string' },
  out: { type: 'string' },
  scenario: { type: 'string', default: 'default' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The credentials and ids a first run needs, read from a scenario: its first usable app, account, template and person. */
export function scenarioDefaults(scenario: Scenario, baseUrl: string): PostmanDefaults {
  const apps = scenario.apps.filter((a) => a.status === 'enabled');
  const app = apps.find((a) => a.channels.includes('OfficialAccount')) ?? apps[0];
  if (!app) throw new Error(`场景${scenario.name}没有可用的应用`);
  const account = (scenario.officialAccounts ?? []).find((a) => app.publicIds.includes(a.publicId) && a.status === '1' && !a.fault);
  const people = scenario.people ?? [];
  const reachable = people.filter((p) => !(p.unsubscribedApps ?? []).includes(app.appId));
  const person = reachable.find((p) => account?.followers.some((f) => f.userId === p.userId && f.subscribed)) ?? reachable[0] ?? people[0];
  return {
    baseUrl,
    appId: app.appId,
    appPassword: app.appPassword,
    userId: person?.userId ?? '',
    userName: person?.name ?? '',
    publicId: account?.publicId ?? '',
    templateId: account?.templates[0]?.template_id ?? '',
  };
}

/** `umc-mock export postman …` */
export function exportCommand(argv: string[], out: (text: string) => void, env: Record<string, string | undefined> = process.env): number {
  if (argv[0] !== 'postman') throw new Error(`未知的导出格式：${argv[0] ?? '（空）'}（支持：postman）`);
  const { values } = parseArgs({
    args: argv.slice(1),
    strict: true,
    options: EXPORT_FLAGS,
  });
  if (values.help) {
    out(EXPORT_USAGE);
    return 0;
  }
  const given = values['base-url'] ?? mockUrlFromEnv(env).value;
  const baseUrl = given.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/i.test(baseUrl)) throw new Error(`--base-url 必须是http或https地址：${given}`);
  const collection = postmanCollection(loadSpec(), scenarioDefaults(loadScenario(values.scenario!), baseUrl));
  const json = `${JSON.stringify(collection, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, json);
    out(`已写入 ${values.out}：${collection.item.reduce((n, folder) => n + folder.item.length, 0)}个请求，baseUrl=${baseUrl}\n`);
  } else {
    out(json);
  }
  return 0;
}

import { VERSION } from '../version.js';
import { APP_CREATE_USAGE, appCreate } from './app-create.js';
import { APP_STATUS_USAGE, appStatus } from './app-status.js';
import { EXPORT_USAGE, exportCommand } from './export-postman.js';
import { USAGE, parseMockOptions } from './mock-options.js';
import { createMock, type Mock } from '../create-mock.js';
import { loadScenario } from '../store/scenarios.js';
import { profileSummary } from '../mock/control/profile.js';
import type { DeploymentChoices } from '../spec/deployment-choices.js';

/** `umc-mock app --help`: every app subcommand. */
const APP_USAGE = `${APP_CREATE_USAGE}\n${APP_STATUS_USAGE}`;

/** The apps shipped in fixtures/default, whose credentials the README publishes. */
function demoCredentials(): Set<string> {
  return new Set((loadScenario('default').apps ?? []).map((a) => `${a.appId}\n${a.appPassword}`));
}

/** The profile in one line: an integrator should know the mock answers as a particular deployment, not as the document's default. */
function profileLine(profile: DeploymentChoices | undefined): string {
  const summary = profileSummary(profile);
  if (!summary) return '';
  const skipped = summary.skipped > 0 ? `；${summary.skipped}处未采用` : '';
  return `  部署档案   ${summary.file}（${summary.applied}处选择照该部署${skipped}：GET /__umc/profile 查看）`;
}

function banner(url: string, scenario: string, apps: { appId: string; appPassword: string; status: string }[], profile: DeploymentChoices | undefined): string {
  // Only a shipped demo app's password is printed: an app created here (or kept in --data) may hold a real one.
  const demo = demoCredentials();
  const app = apps.find((a) => a.status === 'enabled' && demo.has(`${a.appId}\n${a.appPassword}`));
  return [
    `umc-mock ${VERSION}  统一消息中心平台 本地模拟`,
    `  API        ${url}`,
    `  开发收件箱 ${url}/__umc/ui/`,
    `  API文档    ${url}/docs`,
    `  控制面     ${url}/__umc/health`,
    `  场景       ${scenario}`,
    profileLine(profile),
    // The scenario's own demo credentials, published in the README; never a real secret.
    app ? `  示例凭证   appId=${app.appId}  appPassword=${app.appPassword}` : '',
    app ? `  试一试     curl '${url}/msg/getThirdAPIToken?appId=${app.appId}&appPassword=${app.appPassword}'` : '',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'app') {
    const sub = argv[1];
    if (sub === '--help' || sub === '-h') {
      process.stdout.write(APP_USAGE);
      return;
    }
    if (sub !== 'create' && sub !== 'disable' && sub !== 'enable') {
      process.stderr.write(`umc-mock: ${sub === undefined ? '缺少app子命令（create、disable、enable）' : `未知的app子命令：${sub}`}\n\n${APP_USAGE}`);
      process.exit(2);
    }
    const out = (text: string) => void process.stdout.write(text);
    try {
      process.exit(await (sub === 'create' ? appCreate(argv.slice(2), out) : appStatus(sub, argv.slice(2), out)));
    } catch (err) {
      process.stderr.write(`umc-mock app ${sub}: ${(err as Error).message}\n`);
      process.exit(2);
    }
  }
  if (argv[0] === 'export') {
    if (argv[1] === '--help' || argv[1] === '-h') {
      process.stdout.write(EXPORT_USAGE);
      return;
    }
    try {
      process.exit(exportCommand(argv.slice(1), (text) => process.stdout.write(text)));
    } catch (err) {
      process.stderr.write(`umc-mock export: ${(err as Error).message}\n\n${EXPORT_USAGE}`);
      process.exit(2);
    }
  }
  let options;
  try {
    options = parseMockOptions(argv);
  } catch (err) {
    process.stderr.write(`umc-mock: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help' || options === 'version') {
    process.stdout.write(options === 'help' ? USAGE : `${VERSION}\n`);
    return;
  }
  let running: Mock;
  try {
    running = await createMock(options);
    await running.listen();
  } catch (err) {
    process.stderr.write(`umc-mock: 启动失败：${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(banner(running.url, running.platform.scenarioName, running.platform.listApps(), running.core.profile));
  if (running.data) {
    const { file, restored, replayed, warnings } = running.data;
    process.stdout.write(`  数据文件   ${file}（${restored || replayed ? `已恢复：快照${restored ? '有' : '无'}，重放${replayed}条变更` : '新建'}）\n`);
    for (const warning of warnings) process.stderr.write(`umc-mock: 警告：${warning}\n`);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`umc-mock: 收到${signal}，正在关闭…\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();

import type { AppForm } from '../domain/app-admin.js';
import type { App } from '../domain/apps.js';
import type { Platform } from '../domain/platform.js';
import { formatDateTime, parseDateTime } from '../domain/wall-time.js';
import { listScenarios, loadScenario } from '../store/scenarios.js';
import { VERSION } from '../version.js';
import { ControlError } from './control-error.js';
import type { ControlOptions, ControlRoute } from './routes.js';

export function clockView(platform: Platform) {
  const now = platform.clock.now();
  return { now: new Date(now).toISOString(), epochMs: now, chinaTime: formatDateTime(now), offsetSeconds: platform.clock.offsetSeconds() };
}

function parseInstant(text: string): number {
  const china = parseDateTime(text);
  if (china !== undefined) return china;
  const iso = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(iso)) throw new ControlError(`set不是合法的时间：应为yyyy-MM-dd HH:mm:ss（中国时间）或ISO 8601：${text}`);
  return iso;
}

/** An app as the control plane shows it: never its password. */
const masked = ({ appPassword: _secret, ...app }: App) => ({ ...app, appPassword: '***' });

/** Health, reset, clock and app administration. */
export function adminRoutes({ platform, journal, faults }: ControlOptions): ControlRoute[] {
  return [
    {
      method: 'GET',
      url: '/__umc/health',
      operationId: 'health',
      handler: () => ({ status: 'UP', service: 'umc-mock', version: VERSION, scenario: platform.scenarioName, time: clockView(platform).now }),
    },
    {
      method: 'POST',
      url: '/__umc/reset',
      operationId: 'reset',
      handler: () => {
        platform.reset();
        return { reset: true, scenario: platform.scenarioName };
      },
      afterCommit: () => {
        journal.clear();
        faults.reset(platform.scenarioFaults);
      },
    },
    { method: 'GET', url: '/__umc/scenarios', operationId: 'listScenarios', handler: () => ({ current: platform.scenarioName, scenarios: listScenarios() }) },
    {
      method: 'POST',
      url: '/__umc/scenario',
      operationId: 'loadScenario',
      handler: (_req, body) => {
        const name = String(body.name);
        // A page or a script on the control plane loads only the shipped scenarios; a folder
        // elsewhere on disk is the command line's to choose (--scenario PATH).
        const shipped = listScenarios().map((sc) => sc.name);
        if (!shipped.includes(name)) throw new ControlError(`场景不存在：${name}（只能加载 fixtures/ 中的场景：${shipped.join('、')}；其他目录请在启动时用 --scenario PATH）`);
        let scenario;
        try {
          scenario = loadScenario(name, { seed: platform.seed });
        } catch (err) {
          throw new ControlError((err as Error).message);
        }
        platform.useScenario(scenario);
        return { loaded: true, scenario: platform.scenarioName };
      },
      afterCommit: () => {
        journal.clear();
        faults.reset(platform.scenarioFaults);
      },
    },
    { method: 'GET', url: '/__umc/clock', operationId: 'getClock', handler: () => clockView(platform) },
    {
      method: 'POST',
      url: '/__umc/clock',
      operationId: 'moveClock',
      handler: (_req, body) => {
        if (typeof body.set === 'string') platform.clock.set(parseInstant(body.set));
        else platform.clock.advance(body.advanceSeconds as number);
        return clockView(platform);
      },
    },
    {
      method: 'GET',
      url: '/__umc/apps',
      operationId: 'listApps',
      handler: () => ({ apps: platform.listApps().map(masked) }),
    },
    {
      method: 'POST',
      url: '/__umc/apps',
      operationId: 'createApp',
      handler: (req, body) => {
        const app = platform.createApp(body as unknown as AppForm);
        return { apiDomain: `${req.protocol}://${req.headers.host ?? req.hostname}`, appId: app.appId, appPassword: app.appPassword };
      },
    },
    { method: 'POST', url: '/__umc/apps/:appId/status', operationId: 'setAppStatus', handler: (req, body) => masked(platform.setAppStatus((req.params as { appId: string }).appId, body.status as App['status'])) },
  ];
}

import type { AppForm } from '../../domain/app-admin.js';
import type { App } from '../../domain/apps.js';
import type { Platform } from '../../domain/platform.js';
import { formatDateTime, parseDateTime } from '../../domain/wall-time.js';
import { listScenarios, loadScenario } from '../../store/scenarios.js';
import { VERSION } from '../../version.js';
import { ControlError } from '../control-error.js';
import { pageOf } from './paging.js';
import { profileSummary } from './profile.js';
import { withAfterCommit, type ControlContext, type ControlHandlers } from './types.js';

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

/** Health (with the deployment profile in a few words), reset, scenarios, clock and app administration. */
export function adminOperations({ platform, journal, faults, profile }: ControlContext): ControlHandlers {
  // A reset and a scenario load both start the journal and the faults afresh.
  const startAfresh = () => {
    journal.clear();
    faults.reset(platform.scenarioFaults);
  };
  return {
    health: () => ({ status: 'UP', service: 'umc-mock', version: VERSION, scenario: platform.scenarioName, time: clockView(platform).now, profile: profileSummary(profile) }),
    reset: withAfterCommit(() => {
      platform.reset();
      return { reset: true, scenario: platform.scenarioName };
    }, startAfresh),
    listScenarios: () => ({ current: platform.scenarioName, scenarios: listScenarios() }),
    loadScenario: withAfterCommit(({ body }) => {
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
    }, startAfresh),
    getClock: () => clockView(platform),
    moveClock: ({ body }) => {
      if (typeof body.set === 'string') platform.clock.set(parseInstant(body.set));
      else platform.clock.advance(body.advanceSeconds as number);
      return clockView(platform);
    },
    listApps: ({ query }) => {
      const apps = platform.listApps();
      const { items, nextOffset } = pageOf(apps, query, masked);
      return { total: apps.length, apps: items, nextOffset };
    },
    createApp: ({ body, origin }) => {
      const app = platform.createApp(body as unknown as AppForm);
      return { apiDomain: origin, appId: app.appId, appPassword: app.appPassword };
    },
    setAppStatus: ({ path, body }) => masked(platform.setAppStatus(path.appId!, body.status as App['status'])),
  };
}

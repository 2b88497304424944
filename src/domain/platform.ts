import { authenticateApp, type App } from './apps.js';
import type { Clock } from './clock.js';
import { UmcError } from './errors.js';
import { Messaging } from './messaging/index.js';
import type { IdSource } from './random.js';
import type { Scenario } from './scenario.js';
import { TokenRegistry } from './tokens.js';

export interface PlatformOptions {
  scenario: Scenario;
  clock: Clock;
  ids: IdSource;
}

/**
 * The platform's behaviour over its state, free of HTTP: every operation is a method taking
 * plain values and returning plain data or throwing UmcError.
 */
export class Platform {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly tokens = new TokenRegistry();
  private scenario: Scenario;
  private apps = new Map<string, App>();
  readonly messaging: Messaging;

  constructor(options: PlatformOptions) {
    this.clock = options.clock;
    this.ids = options.ids;
    this.scenario = options.scenario;
    this.loadScenario();
    this.messaging = new Messaging({ scenario: this.scenario, clock: this.clock, ids: this.ids, app: (appId) => this.apps.get(appId) });
  }

  get scenarioName(): string {
    return this.scenario.name;
  }

  /** Back to the scenario's initial state: its apps, no tokens, no messages, the clock unmoved. */
  reset(): void {
    this.tokens.clear();
    this.clock.resetOffset();
    this.loadScenario();
    this.messaging.reset();
  }

  private loadScenario(): void {
    this.apps = new Map(this.scenario.apps.map((app) => [app.appId, structuredClone(app)]));
  }

  app(appId: string): App | undefined {
    return this.apps.get(appId);
  }

  listApps(): App[] {
    return [...this.apps.values()];
  }

  /** 5.1.1: exchanges appId + appPassword for a token valid 7200 s. */
  getToken(appId: string, appPassword: string, callerIp: string): { token: string } {
    const app = authenticateApp(this.apps.get(appId), appPassword, callerIp);
    const token = this.ids.uuid();
    this.tokens.issue(token, app.appId, this.clock.now());
    return { token };
  }

  /** The app behind a token, for every operation but 5.1.1; 500003 otherwise. */
  appForToken(token: string): App {
    const appId = this.tokens.verify(token, this.clock.now());
    const app = this.apps.get(appId);
    // An app disabled after the token was issued can no longer call (assumption).
    if (!app || app.status !== 'enabled') throw new UmcError('500003');
    return app;
  }
}

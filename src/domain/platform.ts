import { appFromForm, type AppForm } from './app-admin.js';
import { authenticateApp, type App } from './apps.js';
import { tokenRefusal } from './app-status.js';
import type { Clock } from './clock.js';
import type { UmcError } from './errors.js';
import { SimulationRefused } from './messaging/refusal.js';
import type { FaultSpec } from './scenario.js';
import { Messaging } from './messaging/index.js';
import type { IdSource } from './random.js';
import { shapeId, type IdKind, type IdShapes } from './id-shapes.js';
import type { Scenario } from './scenario.js';
import { TOKEN_LIFETIME_SECONDS, TokenRegistry, type TokenRecord } from './tokens.js';
import type { Reply, StoredMessage } from './messaging/store.js';
import type { WechatState } from './wechat/wechat.js';
import { directoryLookup } from './wechat/cards.js';
import { Wechat, type WechatOptions } from './wechat/wechat.js';

/** The platform's runtime state as plain data (what --data keeps). */
export interface PlatformSnapshot {
  apps: App[];
  tokens: [string, TokenRecord][];
  messaging: {
    messages: StoredMessage[];
    replies: [string, Reply[]][];
    subscriptions: { userId: string; unsubscribedApps: string[] }[];
  };
  wechat: WechatState;
  clockOffsetMs: number;
}

export interface PlatformOptions {
  scenario: Scenario;
  clock: Clock;
  ids: IdSource;
  /** The run's --seed, for data generated from it when another scenario is loaded at runtime. */
  seed?: number;
  /** How a profiled deployment shapes the ids it issues (UUIDs unless said). */
  idShapes?: IdShapes;
}

/**
 * The platform's behaviour over its state, free of HTTP: every operation is a method taking
 * plain values and returning plain data or throwing UmcError.
 */
export class Platform {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly seed?: number;
  readonly idShapes: IdShapes;
  readonly tokens = new TokenRegistry();
  private scenario: Scenario;
  private apps = new Map<string, App>();
  /** Official accounts, template messages and WeCom cards; rebuilt from the scenario on reset. */
  wechat!: Wechat;
  /** The directory, messages, delivery, replies, todos and mailboxes; rebuilt from the scenario on reset. */
  messaging!: Messaging;

  constructor(options: PlatformOptions) {
    this.clock = options.clock;
    this.ids = options.ids;
    this.seed = options.seed;
    this.idShapes = options.idShapes ?? {};
    this.scenario = options.scenario;
    this.loadScenario();
  }

  get scenarioName(): string {
    return this.scenario.name;
  }

  /** How to load the current scenario again (its fixtures name or folder). */
  get scenarioSource(): string {
    return this.scenario.source ?? this.scenario.name;
  }

  /** The fault rules the scenario starts with. */
  get scenarioFaults(): FaultSpec[] {
    return this.scenario.faults ?? [];
  }

  /** Switches to another scenario: its initial state replaces everything. */
  useScenario(scenario: Scenario): void {
    this.scenario = scenario;
    this.reset();
  }

  /** Back to the scenario's initial state: its apps, accounts and people, no tokens or messages, the clock unmoved. */
  reset(): void {
    this.tokens.clear();
    this.clock.resetOffset();
    this.loadScenario();
  }

  private loadScenario(): void {
    this.apps = new Map(this.scenario.apps.map((app) => [app.appId, structuredClone(app)]));
    this.wechat = new Wechat(this.wechatOptions());
    this.messaging = new Messaging({ scenario: this.scenario, clock: this.clock, ids: this.ids, newId: () => this.newId('msgId'), app: (appId) => this.apps.get(appId) });
  }

  private wechatOptions(): WechatOptions {
    const { officialAccounts, people, sensitiveWords } = this.scenario;
    return { accounts: officialAccounts ?? [], clock: this.clock, ids: this.ids, newMessageId: () => this.newId('messageId'), inDirectory: directoryLookup(people), sensitiveWords: sensitiveWords ?? [] };
  }

  /** A new id of this kind, in the shape the (profiled) deployment issues it. */
  private newId(kind: IdKind): string {
    return shapeId(this.ids.uuid(), this.idShapes[kind]);
  }

  app(appId: string): App | undefined {
    return this.apps.get(appId);
  }

  listApps(): App[] {
    return [...this.apps.values()];
  }

  /** The back office creating an app from an application form; the app lives until reset. */
  createApp(form: AppForm): App {
    const app = appFromForm(form, this.ids, (appId) => this.apps.has(appId));
    this.apps.set(app.appId, app);
    return app;
  }

  /**
   * The back office's switch: a disabled app gets no token (500002) and its tokens stop working;
   * enabled again, tokens it still holds work until they expire (the status is checked on every
   * call, tokens are not revoked: assumption).
   */
  setAppStatus(appId: string, status: App['status']): App {
    const app = this.apps.get(appId);
    if (!app) throw new SimulationRefused(`应用不存在：${appId}`, 'not-found');
    app.status = status;
    return app;
  }

  /** 5.1.1's check of appId + appPassword (and of the caller's address); throws the code it fails with. */
  authenticate(appId: string, appPassword: string, callerIp: string): App {
    return authenticateApp(this.apps.get(appId), appPassword, callerIp);
  }

  /** 5.1.1: a token valid 7200 s for an app that authenticated. */
  issueToken(appId: string): { token: string } {
    const token = this.newId('token');
    this.tokens.issue(token, appId, this.clock.now());
    return { token };
  }

  /** Everything that changes at runtime, as plain JSON-able data. */
  snapshot(): PlatformSnapshot {
    const messaging = this.messaging.snapshot();
    return {
      apps: this.listApps(),
      tokens: this.tokens.entries(),
      messaging: {
        messages: [...messaging.messages.values()],
        replies: [...messaging.replies.entries()],
        subscriptions: this.messaging.subscriptions(),
      },
      wechat: this.wechat.state,
      clockOffsetMs: this.clock.offsetSeconds() * 1000,
    };
  }

  /** Back to a snapshot taken by snapshot() (on the same scenario). */
  restore(snapshot: PlatformSnapshot): void {
    this.reset();
    this.apps = new Map(snapshot.apps.map((app) => [app.appId, app]));
    for (const [token, record] of snapshot.tokens) this.tokens.issue(token, record.appId, record.expiresAt - TOKEN_LIFETIME_SECONDS * 1000);
    this.messaging.restore({ messages: new Map(snapshot.messaging.messages.map((m) => [m.msgId, m])), replies: new Map(snapshot.messaging.replies) });
    for (const { userId, unsubscribedApps } of snapshot.messaging.subscriptions) {
      for (const appId of unsubscribedApps) this.messaging.setSubscribed(userId, appId, false);
    }
    this.wechat = new Wechat(this.wechatOptions(), snapshot.wechat);
    this.clock.setOffsetMs(snapshot.clockOffsetMs);
  }

  /** The app a valid token was issued to, enabled or not (a disabled app's token is refused: tokenRefusal). */
  appOfToken(token: unknown): App | undefined {
    const appId = typeof token === 'string' ? this.tokens.find(token, this.clock.now()) : undefined;
    return appId === undefined ? undefined : this.apps.get(appId);
  }

  /** Why a token is refused on this operation (500002 or 500003), given the app it was issued to (appOfToken). */
  refuseToken(holder: App | undefined, operationId: string): UmcError {
    return tokenRefusal(holder && holder.status !== 'enabled' ? holder : undefined, operationId);
  }
}

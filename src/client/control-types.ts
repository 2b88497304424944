/**
 * What the control plane (/__umc) answers and accepts, as control-plane.yaml states it. Each
 * interface names the schema it mirrors (@schema: a JSON pointer into control-plane.yaml;
 * @parameters: an operation's query parameters); test/unit/client-types.test.ts checks that every
 * property, its type and whether it is required agree with that schema. Where the mock already has
 * the type (a fault as written, the journal's filter), it is that one, re-exported.
 */

/** @schema #/paths/~1__umc~1reset/post/responses/200/content/application~1json/schema */
export interface ResetAnswer {
  reset: true;
  scenario: string;
}

/** @schema #/paths/~1__umc~1health/get/responses/200/content/application~1json/schema */
export interface Health {
  status: 'UP';
  service: 'umc-mock';
  version: string;
  scenario: string;
  time: string;
  /** The deployment profile the mock answers by; null without one. */
  profile: HealthProfile | null;
}

/** @schema #/paths/~1__umc~1health/get/responses/200/content/application~1json/schema/properties/profile */
export interface HealthProfile {
  file: string;
  tool: string;
  savedAt: string;
  mode: 'safe' | 'full';
  /** Choices the mock answers by. */
  applied: number;
  /** Choices seen but not applied (GET /__umc/profile says why). */
  skipped: number;
}

/** @schema #/paths/~1__umc~1scenarios/get/responses/200/content/application~1json/schema */
export interface ScenarioList {
  current: string;
  scenarios: ScenarioInfo[];
}

/** @schema #/paths/~1__umc~1scenarios/get/responses/200/content/application~1json/schema/properties/scenarios/items */
export interface ScenarioInfo {
  name: string;
  description?: string;
  extends?: string;
}

/** @schema #/paths/~1__umc~1scenario/post/responses/200/content/application~1json/schema */
export interface ScenarioLoaded {
  loaded: true;
  scenario: string;
}

/** @schema #/components/responses/Clock/content/application~1json/schema */
export interface Clock {
  /** ISO 8601 instant on the platform clock. */
  now: string;
  epochMs: number;
  /** yyyy-MM-dd HH:mm:ss in UTC+8. */
  chinaTime: string;
  /** How far the platform clock is ahead of real time. */
  offsetSeconds: number;
}

/** @schema #/components/schemas/FaultInput */
export type { FaultSpec as FaultInput } from '../domain/scenario.js';

/** @schema #/components/schemas/FaultRule/properties/action */
export interface FaultAction {
  type: 'rspCode' | 'latency' | 'httpStatus' | 'drop' | 'malformed';
}

/** @schema #/components/schemas/FaultRule */
export interface FaultRule {
  id: string;
  operationId: string;
  appId?: string;
  action: FaultAction;
  remaining?: number;
  probability?: number;
  hits: number;
}

/** @schema #/paths/~1__umc~1faults/delete/responses/200/content/application~1json/schema */
export interface Cleared {
  cleared?: number;
}

/** @parameters #/paths/~1__umc~1wait/get */
export interface WaitQuery {
  userId: string;
  channel?: 'Portal' | 'WeChat' | 'DingTalk' | 'Mail' | 'SMS' | 'OfficialAccount' | 'Card';
  /** Epoch ms on the platform clock: only deliveries after it (an Arrival's deliveredAtMs); absent, the moment wait() is called; 0, any time. */
  since?: number;
  timeoutMs?: number;
}

/** @schema #/paths/~1__umc~1wait/get/responses/200/content/application~1json/schema */
export interface Arrival {
  arrived: true;
  userId: string;
  kind: 'message' | 'templateMessage' | 'card';
  /** msgId, messageId or cardId. */
  id: string;
  channel: string;
  deliveredAt: string;
  deliveredAtMs: number;
}

/** @parameters #/paths/~1__umc~1messages/get */
export interface MessagesQuery {
  appId?: string;
  userId?: string;
  channel?: 'Portal' | 'WeChat' | 'DingTalk' | 'Mail' | 'SMS' | 'IntelligenceMode';
  state?: '0' | '1' | '2';
  /** Only these messages: comma-separated msgIds, 1 to 200. */
  ids?: string;
  /** Absent: the 100 newest, or with ids every message named. */
  limit?: number;
  offset?: number;
  /** Recipient rows per message (the first ones; 50 by default). */
  recipients?: number;
}

/** @schema #/components/schemas/RecipientView/properties/attempts/items */
export interface DeliveryAttempt {
  channel?: string;
  at?: string;
  /** at in UTC+8, yyyy-MM-dd HH:mm:ss. */
  chinaTime?: string;
  status?: 'pending' | 'delivered' | 'failed';
  cause?: string | null;
}

/** @schema #/components/schemas/RecipientView */
export interface Recipient {
  user: string;
  name?: string;
  status: 'pending' | 'delivered' | 'failed';
  cause?: string | null;
  read?: boolean;
  /** In this person's 站内信 mailbox (what 5.2.5/5.2.6 count and list). */
  inMailbox?: boolean;
  attempts: DeliveryAttempt[];
}

/** @schema #/components/schemas/MessageView */
export interface MessageView {
  msgId: string;
  appId: string;
  api: '5.3.1' | '5.3.2';
  title: string;
  content?: string;
  category?: 'notice' | 'todo';
  channels: string[];
  state: '0' | '1' | '2';
  todoState?: string | null;
  /** acceptedAt, sendAt and finishedAt in UTC+8, yyyy-MM-dd HH:mm:ss. */
  chinaTime?: Record<string, unknown>;
  /** What one SMS of this content bills; null when no receiver gets an SMS attempt. */
  sms?: Record<string, unknown> | null;
  /** Every receiver counted (recipients holds only the first rows). */
  recipientSummary: RecipientSummary;
  /** The rows of the first receivers, or with a userId filter that receiver's row alone. */
  recipients: Recipient[];
  /** Receivers the send named who had unsubscribed from the app (5.3.1's noSubscribeList): as many rows as recipients. */
  unsubscribed: UnsubscribedReceiver[];
}

/** @schema #/components/schemas/UnsubscribedView */
export interface UnsubscribedReceiver {
  user: string;
  /** The name the send gave, else the directory's. */
  name: string;
  /** Why the message did not go to them: they had unsubscribed from the sending app. */
  reason: 'unsubscribed';
}

/** @schema #/components/schemas/MessageView/properties/recipientSummary */
export interface RecipientSummary {
  total: number;
  pending: number;
  delivered: number;
  failed: number;
  /** Receivers in whose 站内信 mailbox it is. */
  inMailbox: number;
  read: number;
  /** People the send named who had unsubscribed from the app (not receivers: not in total). */
  unsubscribed: number;
}

/** @schema #/paths/~1__umc~1messages/get/responses/200/content/application~1json/schema */
export interface MessageList {
  total: number;
  messages: MessageView[];
  /** Where the next page starts, when more follow (a page ends at limit or at 1 MiB). */
  nextOffset?: number;
}

/** @schema #/paths/~1__umc~1messages~1{msgId}~1recipients/get/responses/200/content/application~1json/schema */
export interface RecipientPage {
  msgId: string;
  /** Every receiver of the message. */
  total: number;
  recipients: Recipient[];
  nextOffset?: number;
}

/** @parameters #/paths/~1__umc~1replies/get */
export interface RepliesQuery {
  appId?: string;
  msgId?: string;
  userId?: string;
  /** pending (default): 5.2.3 has still to return them; pulled: it returned them (the newest 100 per message kept); all: both. */
  state?: 'pending' | 'pulled' | 'all';
  limit?: number;
  offset?: number;
}

/** @schema #/components/schemas/ReplyView */
export interface ReplyView {
  content: string;
  /** When the person replied, yyyy-MM-dd HH:mm:ss China time (as 5.2.3 returns it). */
  time: string;
  msgId: string;
  user: string;
  /** The app whose message it answers (whose 5.2.3 returns it). */
  appId: string;
  state: 'pending' | 'pulled';
  /** time as an ISO 8601 instant. */
  at: string;
  /** When 5.2.3 returned it; null while pending. */
  pulledAt: string | null;
  /** pulledAt in UTC+8, yyyy-MM-dd HH:mm:ss. */
  pulledTime: string | null;
}

/** @schema #/paths/~1__umc~1replies/get/responses/200/content/application~1json/schema */
export interface ReplyList {
  total: number;
  replies: ReplyView[];
  /** Where the next page starts, when more follow. */
  nextOffset?: number;
}

/** @parameters #/paths/~1__umc~1requests/get */
export type { JournalFilter as JournalQuery } from '../store/journal.js';

/** @schema #/paths/~1__umc~1events/get/responses/200/content/text~1event-stream/schema */
export type { InboxEvent as StreamEvent } from '../mock/events.js';

/** @schema #/components/schemas/JournalEntry */
export interface JournalEntry {
  id: number;
  time: string;
  /** time in UTC+8, yyyy-MM-dd HH:mm:ss. */
  chinaTime: string;
  method: string;
  path: string;
  operationId: string | null;
  section?: string | null;
  appId: string | null;
  /** The parsed parameters; appPassword and token shown as ***. */
  params: Record<string, unknown>;
  httpStatus: number;
  rspCode: string | null;
  rspMsg?: string | null;
  /** What exactly was wrong with a refused call, when rspMsg is its code's fixed text. */
  detail?: string;
  durationMs: number;
  faultId?: string;
  /** The answer's body as sent (token values ***, cut past 1024 characters); null for a dropped connection. */
  answer?: string | null;
  /** The message (5.3.1/5.3.2 msgId, 5.3.3 messageId) the call created or changed, when it succeeded. */
  msgId?: string;
  /** The deployment profile (--profile) the call was answered by, its file as given; absent without one. */
  profile?: string;
}

/** @schema #/paths/~1__umc~1requests/get/responses/200/content/application~1json/schema */
export interface JournalPage {
  total: number;
  capacity: number;
  requests: JournalEntry[];
  /** Present when the page stopped at 1 MiB: pass it as beforeId for the older entries. */
  nextBeforeId?: number;
}

/** @schema #/components/schemas/ProfileEntry */
export interface ProfileEntry {
  what: string;
  /** What umc-mock does without the profile. */
  mock: string;
  /** What the profiled deployment did. */
  profiled: string;
  /** The umc-contract case it was seen in. */
  case: string;
  /** Why it is not applied (skipped entries only). */
  notApplied?: string;
}

/** @schema #/components/schemas/NoProfile */
export interface NoProfile {
  active: false;
}

/** @schema #/components/schemas/ActiveProfile */
export interface ActiveProfile {
  active: true;
  /** The file as it was given (--profile, or the scenario's profile.json). */
  file: string;
  /** The umc-contract that saved it. */
  tool: string;
  savedAt: string;
  mode: 'safe' | 'full';
  /** The choices the mock answers by. */
  entries: ProfileEntry[];
  /** Seen but not applied: what contradicts the document, what the mock cannot do. */
  skipped: ProfileEntry[];
}

/** GET /__umc/profile: `active` tells the two apart. */
export type ProfileAnswer = NoProfile | ActiveProfile;

/** @schema #/paths/~1__umc~1apps/get/responses/200/content/application~1json/schema */
export interface AppList {
  total: number;
  /** The apps as the administrator set them up (appPassword masked). */
  apps: Record<string, unknown>[];
  /** Where the next page starts, when more follow (a page ends at limit or at 1 MiB). */
  nextOffset?: number;
}

/** @schema #/components/schemas/AppForm */
export interface AppForm {
  /** 应用名称 */
  name: string;
  /** 应用描述 */
  description?: string;
  /** IP白名单 (empty: any address). */
  ipWhitelist?: string[];
  /** 发送渠道 站内信/智能模式/企业微信/邮件/短信/钉钉/公众号 */
  channels: ('Portal' | 'IntelligenceMode' | 'WeChat' | 'Mail' | 'SMS' | 'DingTalk' | 'OfficialAccount')[];
  /** The order IntelligenceMode tries channels in. */
  intelligenceOrder?: ('WeChat' | 'DingTalk' | 'Mail' | 'SMS' | 'Portal')[];
  /** Closed-by-default interfaces (5.2.5, 5.2.6) to open. */
  interfaces?: AppInterfaces;
  smsQuota?: number;
  publicIds?: string[];
  status?: 'enabled' | 'disabled';
}

/** @schema #/components/schemas/AppForm/properties/interfaces */
export interface AppInterfaces {
  userCount?: boolean;
  userList?: boolean;
}

/** @schema #/paths/~1__umc~1apps/post/responses/200/content/application~1json/schema */
export interface AppReceipt {
  /** 接口域名 */
  apiDomain: string;
  appId: string;
  /** The only place the appPassword is ever shown. */
  appPassword: string;
}

/** @schema #/paths/~1__umc~1apps~1{appId}~1status/post/responses/200/content/application~1json/schema */
export interface AppStatus {
  appId?: string;
  status?: 'enabled' | 'disabled';
}

/** @parameters #/paths/~1__umc~1users/get */
export interface UsersQuery {
  /** Only these people: comma-separated userIds, 1 to 500. */
  ids?: string;
  /** Only people whose userId or name contains this text (case ignored). */
  search?: string;
  limit?: number;
  offset?: number;
}

/** @schema #/paths/~1__umc~1users/get/responses/200/content/application~1json/schema */
export interface Directory {
  /** The people that match, before limit and offset. */
  total: number;
  users: DirectoryPerson[];
  /** Where the next page starts, when more follow (a page ends at limit or at 1 MiB: large-org's 30,000 people are nine pages). */
  nextOffset?: number;
}

/** @schema #/paths/~1__umc~1users/get/responses/200/content/application~1json/schema/properties/users/items */
export interface DirectoryPerson {
  userId: string;
  name: string;
  mobile?: string | null;
  mobileValid?: boolean;
  email?: string | null;
  wecomId?: string | null;
  dingtalkId?: string | null;
  unsubscribedApps?: string[];
  /** Per channel, whether it can reach this person. */
  reachable: Record<string, boolean>;
  note?: string | null;
}

/** Who a person (un)subscribes from: an app, or an official account. */
export type SubscriptionTarget = { appId: string } | { publicId: string };

/** @schema #/components/responses/Subscription/content/application~1json/schema */
export interface Subscription {
  userId: string;
  appId?: string;
  publicId?: string;
  subscribed: boolean;
}

/** @parameters #/paths/~1__umc~1cards/get */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** @schema #/components/responses/SentList/content/application~1json/schema */
export interface SentList {
  total: number;
  items: SentItem[];
  /** Where the next page starts, when more follow. */
  nextOffset?: number;
}

/** @schema #/components/responses/SentList/content/application~1json/schema/properties/items/items */
export interface SentItem {
  /** yyyy-MM-dd HH:mm:ss China time. */
  time: string;
  /** The template message or card as accepted (the YAML leaves the rest open). */
  [field: string]: unknown;
}

/** @schema #/paths/~1__umc~1messages~1{msgId}~1todo-state/post/responses/200/content/application~1json/schema */
export interface TodoState {
  msgId: string;
  appId: string;
  /** 1 a 5.3.1 todo, 2 a 5.3.3 template todo. */
  messageType: '1' | '2';
  /** 1 待办理, 2 已办理 */
  state: '1' | '2';
}

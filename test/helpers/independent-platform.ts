/**
 * An independent implementation of the 统一消息中心平台 third-party API, written
 * from the vendor's integration document alone (5.1.1 token, 5.2.1–5.2.6
 * queries, 5.3.1–5.3.4 sends, 5.4.1 todo confirmation, 表4-1-2 rspCodes).
 *
 * It shares no code and no reading with the project's own emulator: it exists
 * so that the contract suite can be run against a deployment it was not
 * written beside. Where the document leaves room, this implementation makes
 * its own (legal) choices: its own Chinese wording for 500001, its own order
 * of checks, 32-hex ids, a POST-only token endpoint, and so on.
 *
 * `regression` switches on exactly one realistic bug, so that a test can show
 * the suite notices it.
 *
 * Only node:http, node:crypto, node:fs, node:os and node:path are used.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Regression =
  | 'numeric-rspcode'
  | 'number-for-string'
  | 'undocumented-code'
  | 'http-500-on-error'
  | 'accepts-unknown-token'
  | 'missing-param-accepted'
  | 'schedule-not-checked'
  | 'sms-signature-allowed'
  | 'card-url-unchecked'
  | 'replies-not-deleted'
  | 'progress-stuck'
  | 'html-error-page'
  | 'token-broken'
  | 'size-ignored'
  | 'todo-count-stale'
  | 'malformed-json-500'
  // Release-check regressions (issue 22): what a vendor's next release plausibly changes.
  | 'title-unchecked'
  | 'token-invalid-500001'
  | 'numeric-state'
  | 'numeric-rspcodes'
  | 'text-html'
  | 'http-400-errors'
  | 'other-rejection-code'
  | 'short-token-lifetime'
  | 'echo-password'
  | 'login-redirect'
  | 'gateway-502';

export interface IndependentOptions {
  regression?: Regression;
  /** Replace every rspMsg by another wording; the codes are unchanged. */
  reword?: boolean;
  /** 5.2.3: treat an invalid count as the default 100 instead of answering 500001. */
  lenientCount?: boolean;
  /** Every Nth request meets a transport problem: an nginx 502 page, or (every other time) a reset connection. */
  flakyEvery?: number;
  /**
   * 5.4.1 with messageType 2 sets a template todo to the state it already has without complaint, as for
   * an ordinary todo: a legal reading, since table 4-1-2 gives 600010 to 5.2.1, 5.2.2 and 5.3.3 only.
   */
  sameStateAccepted?: boolean;
}

export interface IndependentPlatform {
  url: string; // http://127.0.0.1:PORT
  appId: string;
  appPassword: string;
  /** JSON file (in os.tmpdir()) naming the test receivers. */
  receiversFile: string;
  /** Replies still queued for the app (not yet fetched by 5.2.3). */
  pendingReplies(): number;
  /** Every request seen, in order. */
  requests: { method: string; path: string; query: URLSearchParams; contentType?: string; body: string }[];
}

/**
 * A second application registered on the same platform. Its credentials are
 * fixed so that a test can act as "another app" (5.2.4 / 5.4.1 ownership rules).
 */
export const OTHER_APP = { appId: 'INDEP-OTHER-APP', appPassword: 'other-app-secret' } as const;

// ---------------------------------------------------------------------------
// Constants of the simulated world
// ---------------------------------------------------------------------------

const TOKEN_LIFETIME_MS = 7200 * 1000;
/** The token lifetime of the short-token-lifetime regression: a release that cut it to a minute. */
const SHORT_TOKEN_LIFETIME_MS = 60 * 1000;
/** The operation the gateway-502 regression puts behind a failing upstream. */
const GATEWAY_FAILING_PATH = '/api/message/user/count';
const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';
const CAS_LOGIN_PAGE = '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="UTF-8"><title>统一身份认证</title></head>\n<body>\n  <form method="post" action="/cas/login"><input name="username"><input name="password" type="password"></form>\n</body>\n</html>\n';
/** Delivery timeline of a real-time send: "0" (queued) → "2" (sending) → "1" (done). */
const SENDING_AFTER_MS = 300;
const DELIVERED_AFTER_MS = 800;
/** The test user qa001 answers reply-enabled messages this long after delivery. */
const AUTO_REPLY_AFTER_MS = 200;
const SCHEDULE_MARGIN_MS = 10 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

const CHANNELS = new Set(['WeChat', 'DingTalk', 'Mail', 'SMS', 'IntelligenceMode', 'Portal']);
const SENSITIVE_WORDS = ['敏感词'];
const SMS_SIGNATURE = /【[^】]*】/;
const VALID_MOBILE = /^1[3-9]\d{9}$/;
const TEMPLATE_CONTENT = '{{first.DATA}}\n事项：{{keyword1.DATA}}\n申请人：{{keyword2.DATA}}\n时间：{{keyword3.DATA}}\n{{remark.DATA}}';

/** Texts of 表4-1-2, used for every code except 500001 (which names the field). */
const TABLE_TEXT: Record<string, string> = {
  '400002': '应用未激活此接口',
  '500002': '无效的应用ID或密钥；应用为禁用状态',
  '500003': '无效的请求凭证',
  '500005': '无效的 msgId 参数',
  '500006': '无效的待办消息',
  '500007': '不存在订阅的人员数据',
  '500008': '待办/任务消息后台未处理完成，无法修改消息状态',
  '500012': '不合法的请求内容',
  '500013': '消息具有敏感词汇',
  '500015': '重复发送待办/任务消息',
  '600000': '对应的公众平台不存在',
  '600003': '系统不存在对应的公众平台人员标识',
  '600004': '人员信息不能为空',
  '600005': '公众平台信息不能为空',
  '600006': '模版消息不能为空',
  '600007': '缺少对应的keyword的参数',
  '600008': '对应的模版消息不存在',
  '600009': '当前模版消息不是待办类型，不能调整办理状态',
  '600010': '模版消息办理状态相同不需要调整',
  '600022': '没有发送的当前公众号的权利,请联系管理员进行绑定',
  '600023': '不是当前平台发送的模版信息',
  '999999': '其他异常信息',
};

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

interface App { appId: string; password: string; name: string }
interface DirectoryUser { userId: string; name: string; mobile: string; subscribed: boolean; openid?: string }
interface Template { templateId: string; title: string; content: string; example: string }
interface PublicAccount { publicId: string; name: string; remark: string; apps: Set<App>; templates: Template[] }

/** One addressee of a 5.3.1 / 5.3.2 send and how its delivery ends. */
interface Recipient { user: string; directoryUser?: DirectoryUser; cause?: string }

/** A message sent through 5.3.1 (general) or 5.3.2 (sms). */
interface SentMessage {
  msgId: string;
  app: App;
  kind: 'general' | 'sms';
  title: string;
  isTodo: boolean;
  todoState: '1' | '2';
  todoKey?: string;
  isReply: boolean;
  sendingAt: number;
  deliveredAt: number;
  delivered: boolean;
  autoReplied: boolean;
  recipients: Recipient[];
  url: string;
  murl: string;
}

interface TemplateMessage { messageId: string; app: App; isTodo: boolean; state: '1' | '2' }

/** One entry in a user's portal mailbox (what 5.2.5 counts and 5.2.6 lists). */
interface MailItem {
  id: string;
  title: string;
  todo: boolean;
  time: number;
  read: boolean;
  done: boolean;
  /** The todo state the item had when it entered the mailbox (todo-count-stale reads this). */
  doneWhenDelivered: boolean;
  source: string;
  url: string;
  murl: string;
}

interface Reply { content: string; time: number; msgId: string; user: string }
interface Card { users: string[]; title: string; description: string; url: string; btnTxt: string }

// ---------------------------------------------------------------------------
// Envelope plumbing
// ---------------------------------------------------------------------------

/** A business refusal; the dispatcher turns it into an HTTP 200 envelope. */
class Reject extends Error {
  constructor(readonly code: string, readonly rspMsg: string) {
    super(`${code} ${rspMsg}`);
  }
}
/** A refusal with the text of 表4-1-2. */
const reject = (code: string): Reject => new Reject(code, TABLE_TEXT[code] ?? TABLE_TEXT['999999']!);
/** 500001 with this implementation's own wording, naming the field by its Chinese label. */
const invalid = (message: string): Reject => new Reject('500001', message);

interface Answer { status: number; headers: Record<string, string>; body: string }
const JSON_TYPE = 'application/json;charset=UTF-8';

interface Call {
  query: URLSearchParams;
  form: URLSearchParams;
  json: Record<string, unknown>;
  /** A parameter: the query's first non-blank value, else the form body's (servlet-like, query first). */
  param(name: string): string | undefined;
  token: string | undefined;
}

type OperationName =
  | 'getToken' | 'getPublicList' | 'getTemplateList' | 'replyMessage' | 'getProgress' | 'userCount' | 'userList'
  | 'sendMessage' | 'sendSms' | 'sendTemplate' | 'sendCard' | 'checkStatus';

interface Operation {
  name: OperationName;
  body: 'form' | 'json';
  successCode: string;
  successMsg: string;
  /** 5.2.1, 5.2.2 and 5.3.3 success bodies carry "debuggerErrorMsg":null, as in their examples. */
  debuggerField: boolean;
  run(call: Call): unknown;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

const newId = (): string => randomBytes(16).toString('hex');
const isBlank = (v: string | undefined): v is undefined => v === undefined || v.trim() === '';

/** `yyyy-MM-dd HH:mm[:ss]` in China time (UTC+8), whatever the machine's zone. */
function chinaTime(ms: number, withSeconds = true): string {
  const d = new Date(ms + CHINA_OFFSET_MS);
  const two = (n: number): string => String(n).padStart(2, '0');
  const minutes = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  return withSeconds ? `${minutes}:${two(d.getUTCSeconds())}` : minutes;
}

/** Parses `yyyy-MM-dd HH:mm:ss` China time; rejects impossible dates by formatting back. */
function parseChinaTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS;
  return chinaTime(ms) === text ? ms : undefined;
}

/** A JSON field read as a string parameter: numbers and booleans are coerced (as Jackson does), blanks are absent. */
function jsonString(json: Record<string, unknown>, name: string): string | undefined {
  const v = json[name];
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'string' && !isBlank(v) ? v : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHttpUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, max: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > max) break;
    used += n;
    out += ch;
  }
  return out;
}

function containsSensitiveWord(...texts: (string | undefined)[]): boolean {
  return texts.some((t) => t !== undefined && SENSITIVE_WORDS.some((w) => t.includes(w)));
}

function methodNotAllowed(method: string): Answer {
  return {
    status: 405,
    headers: { 'Content-Type': 'text/html;charset=utf-8', Allow: 'POST' },
    body: `<!doctype html><html lang="zh"><head><title>HTTP Status 405 – Method Not Allowed</title></head><body><h1>HTTP Status 405 – Method Not Allowed</h1><p>Request method '${method}' not supported</p></body></html>`,
  };
}

function notFound(path: string): Answer {
  return { status: 404, headers: { 'Content-Type': JSON_TYPE }, body: JSON.stringify({ status: 404, error: 'Not Found', path }) };
}

/** What a Spring controller without an error handler leaks when Jackson cannot read the body. */
function javaStackTrace(detail: string): Answer {
  const body = [
    `org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: ${detail}`,
    '\tat org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.readJavaType(AbstractJackson2HttpMessageConverter.java:406)',
    '\tat org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor.readWithMessageConverters(RequestResponseBodyMethodProcessor.java:160)',
    '\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
    `Caused by: com.fasterxml.jackson.core.JsonParseException: ${detail}`,
    '\tat com.fasterxml.jackson.core.JsonParser._constructError(JsonParser.java:2391)',
    '',
  ].join('\n');
  return { status: 500, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body };
}

// ---------------------------------------------------------------------------
// The platform
// ---------------------------------------------------------------------------

class IndependentServer {
  readonly mainApp: App = { appId: `INDEP${randomBytes(4).toString('hex').toUpperCase()}`, password: newId(), name: '独立测试应用' };
  readonly otherApp: App = { appId: OTHER_APP.appId, password: OTHER_APP.appPassword, name: '另一应用' };
  readonly apps = new Map<string, App>([[this.mainApp.appId, this.mainApp], [this.otherApp.appId, this.otherApp]]);
  readonly tokens = new Map<string, { app: App; expiresAt: number }>();
  readonly directory = new Map<string, DirectoryUser>();
  readonly accounts = new Map<string, PublicAccount>();
  readonly messages = new Map<string, SentMessage>();
  readonly templateMessages = new Map<string, TemplateMessage>();
  readonly mailboxes = new Map<string, MailItem[]>();
  readonly replies = new Map<App, Reply[]>();
  readonly cards: Card[] = [];
  readonly template: Template;
  readonly account: PublicAccount;
  readonly operations: Record<string, Operation>;

  constructor(readonly options: IndependentOptions) {
    this.template = {
      templateId: randomBytes(32).toString('base64url').slice(0, 43),
      title: '待办事项提醒',
      content: TEMPLATE_CONTENT,
      example: '您好，您有一条待办事项\r\n事项：请假审批\r\n申请人：张测试\r\n时间：2024-01-01 09:00\r\n请及时处理',
    };
    this.account = { publicId: randomUUID(), name: '独立测试服务号', remark: '测试用服务号', apps: new Set([this.mainApp, this.otherApp]), templates: [this.template] };
    this.accounts.set(this.account.publicId, this.account);
    this.operations = this.routes();
    this.seed(Date.now());
  }

  private is(regression: Regression): boolean {
    return this.options.regression === regression;
  }

  // ----- seed data -----

  private seed(now: number): void {
    const users: DirectoryUser[] = [
      { userId: 'qa001', name: '张测试', mobile: '13800000001', subscribed: true, openid: `o${randomBytes(14).toString('base64url')}` },
      { userId: 'qa002', name: '李测试', mobile: '13800000002', subscribed: true },
      { userId: 'qa009', name: '王退订', mobile: '13800000009', subscribed: false },
    ];
    for (const u of users) {
      this.directory.set(u.userId, u);
      this.mailboxes.set(u.userId, []);
    }
    this.replies.set(this.mainApp, []);
    this.replies.set(this.otherApp, []);

    const day = 24 * 3600 * 1000;
    // Older portal notices of qa001 from another source: enough (16) for paging with size=10 to show.
    for (let i = 1; i <= 16; i++) {
      this.addMail('qa001', { title: `教务通知第${i}期`, todo: false, time: now - (30 - i) * day, read: i <= 10, done: false, source: '教务处' });
    }
    this.addMail('qa001', { title: '年度考核材料审核', todo: true, time: now - 5 * day, read: false, done: false, source: '人事处' });
    this.addMail('qa001', { title: '办公用品申领审批', todo: true, time: now - 4 * day, read: false, done: true, source: '人事处' });
    this.addMail('qa002', { title: '图书馆闭馆通知', todo: false, time: now - 3 * day, read: false, done: false, source: '图书馆' });
    this.addMail('qa002', { title: '实验室安全检查', todo: true, time: now - 3 * day, read: false, done: false, source: '保卫处' });

    // Three older reply-enabled notices of the app, each already answered: the replies wait in the queue.
    const answers: [string, string][] = [['qa001', '好的'], ['qa002', '已阅'], ['qa001', '明白，谢谢']];
    answers.forEach(([userId, content], i) => {
      const sentAt = now - (3 - i) * 3600 * 1000;
      const msg = this.recordGeneral(this.mainApp, {
        title: `历史通知${i + 1}`, isTodo: false, isReply: true, recipients: this.resolveRecipients(['qa001', 'qa002']),
        sendingAt: sentAt, deliveredAt: sentAt + DELIVERED_AFTER_MS, url: '', murl: '',
      });
      this.deliver(msg);
      msg.autoReplied = true; // these already got their answers below
      this.replies.get(this.mainApp)!.push({ content, time: sentAt + 10 * 60 * 1000, msgId: msg.msgId, user: userId });
    });
  }

  private addMail(userId: string, item: Omit<MailItem, 'id' | 'url' | 'murl' | 'doneWhenDelivered'> & Partial<Pick<MailItem, 'id' | 'url' | 'murl'>>): void {
    const id = item.id ?? newId();
    this.mailboxes.get(userId)?.push({
      url: `https://portal.invalid/msg/${id}`, murl: `https://m.portal.invalid/msg/${id}`, ...item, id, doneWhenDelivered: item.done,
    });
  }

  // ----- the passing of time -----

  /**
   * Brings the world up to `now`: messages whose delivery time has passed enter
   * the mailboxes, and qa001's auto-replies whose time has come join the queue.
   * Evaluated lazily (on every request and on pendingReplies()) so no timers
   * outlive the test.
   */
  advance(now = Date.now()): void {
    const dueReplies: { app: App; reply: Reply }[] = [];
    for (const msg of this.messages.values()) {
      if (!msg.delivered && msg.deliveredAt <= now) this.deliver(msg);
      const replyAt = msg.deliveredAt + AUTO_REPLY_AFTER_MS;
      if (msg.delivered && !msg.autoReplied && replyAt <= now) {
        msg.autoReplied = true;
        if (msg.isReply && msg.recipients.some((r) => r.directoryUser?.userId === 'qa001' && !r.cause)) {
          dueReplies.push({ app: msg.app, reply: { content: '收到', time: replyAt, msgId: msg.msgId, user: 'qa001' } });
        }
      }
    }
    dueReplies.sort((a, b) => a.reply.time - b.reply.time);
    for (const { app, reply } of dueReplies) this.replies.get(app)!.push(reply);
  }

  private deliver(msg: SentMessage): void {
    msg.delivered = true;
    if (msg.kind !== 'general') return; // SMS goes to phones, not to portal mailboxes
    for (const r of msg.recipients) {
      if (r.cause || !r.directoryUser) continue;
      this.addMail(r.directoryUser.userId, {
        id: msg.msgId, title: msg.title, todo: msg.isTodo, time: msg.deliveredAt, read: false,
        done: msg.isTodo && msg.todoState === '2', source: msg.app.name, url: msg.url, murl: msg.murl,
      });
    }
  }

  /** Progress as 5.2.4 reports it. */
  private progressOf(msg: SentMessage, now: number): { state: '0' | '1' | '2'; done: boolean } {
    if (now < msg.sendingAt) return { state: '0', done: false };
    if (now < msg.deliveredAt) return { state: '2', done: false };
    if (msg.kind === 'general' && this.is('progress-stuck')) return { state: '2', done: false };
    return { state: '1', done: true };
  }

  // ----- the receivers file -----

  receiversDocument(): unknown {
    const testUsers = ['qa001', 'qa002'].map((id) => this.directory.get(id)!);
    return {
      users: testUsers.map((u) => ({ userId: u.userId, name: u.name })),
      mobiles: testUsers.map((u) => ({ mobile: u.mobile, name: u.name })),
      publicId: this.account.publicId,
      templateId: this.template.templateId,
      templateUserId: 'qa001',
      sendChannel: 'Portal',
    };
  }

  // ----- HTTP -----

  async handle(req: IncomingMessage, body: string, path: string, query: URLSearchParams): Promise<Answer> {
    // Behind a single sign-on gateway: every request is sent to the login page.
    if (this.is('login-redirect')) {
      if (path === '/cas/login') return { status: 200, headers: { 'Content-Type': 'text/html;charset=UTF-8' }, body: CAS_LOGIN_PAGE };
      const service = encodeURIComponent(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`);
      return { status: 302, headers: { Location: `/cas/login?service=${service}`, 'Content-Type': 'text/html;charset=UTF-8' }, body: '<html><body>Found</body></html>' };
    }
    if (this.is('gateway-502') && path === GATEWAY_FAILING_PATH) return { status: 502, headers: { 'Content-Type': 'text/html' }, body: NGINX_502 };
    const op = this.operations[path];
    if (!op) return notFound(path);
    if (req.method !== 'POST') return methodNotAllowed(req.method ?? 'GET');
    this.advance();
    const contentType = req.headers['content-type'] ?? '';
    const form = op.body === 'form' && /application\/x-www-form-urlencoded/i.test(contentType) ? new URLSearchParams(body) : new URLSearchParams();
    const param = (name: string): string | undefined => {
      for (const source of [query, form]) {
        const value = source.getAll(name).find((v) => !isBlank(v));
        if (value !== undefined) return value;
      }
      return undefined;
    };
    const call: Call = { query, form, json: {}, param, token: undefined };
    try {
      if (op.body === 'json') {
        const parsed = this.parseJsonBody(op, body);
        if ('status' in parsed) return parsed;
        call.json = parsed.json;
        call.token = jsonString(call.json, 'token') ?? param('token');
      } else {
        call.token = param('token');
      }
      const data = op.run(call);
      return this.envelope(op, op.successCode, op.successMsg, data, false);
    } catch (e) {
      if (e instanceof Reject) return this.envelope(op, e.code, e.rspMsg, null, true);
      // Never an HTTP 500: an unexpected failure is the document's 999999.
      return this.envelope(op, '999999', TABLE_TEXT['999999']!, null, true);
    }
  }

  /** The JSON body of 5.3.3 / 5.3.4: an empty body reads as {}, anything but an object is refused. */
  private parseJsonBody(op: Operation, body: string): { json: Record<string, unknown> } | Answer {
    if (body.trim() === '') return { json: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      if (op.name === 'sendTemplate' && this.is('malformed-json-500')) return javaStackTrace((e as Error).message);
      throw invalid('请求体不是合法的JSON');
    }
    if (!isPlainObject(parsed)) throw invalid('请求体必须是JSON对象');
    return { json: parsed };
  }

  private envelope(op: Operation, code: string, msg: string, data: unknown, failed: boolean): Answer {
    const rspMsg = this.options.reword ? this.reworded(op, code, failed) : msg;
    // A release that maps parameter errors to 不合法的请求内容.
    const answered = failed && code === '500001' && this.is('other-rejection-code') ? '500012' : code;
    const numeric = (op.name === 'getTemplateList' && this.is('numeric-rspcode')) || this.is('numeric-rspcodes');
    const rspCode: string | number = numeric ? Number(answered) : answered;
    const body = failed
      ? { rspCode, rspMsg, resultData: null }
      : op.debuggerField
        ? { rspCode, rspMsg, debuggerErrorMsg: null, resultData: data }
        : { rspCode, rspMsg, resultData: data };
    const answer: Answer = { status: failed && this.is('http-400-errors') ? 400 : 200, headers: { 'Content-Type': this.is('text-html') ? 'text/html;charset=UTF-8' : JSON_TYPE }, body: JSON.stringify(body) };
    if (failed && code === '500001' && op.name === 'userList') {
      if (this.is('http-500-on-error')) answer.status = 500;
      if (this.is('html-error-page')) return { status: 200, headers: { 'Content-Type': 'text/html;charset=UTF-8' }, body: '<html><body>参数错误</body></html>' };
    }
    return answer;
  }

  private reworded(op: Operation, code: string, failed: boolean): string {
    if (failed) return `请求失败[${code}]`;
    return op.name === 'sendSms' ? '短信已受理' : '成功';
  }

  private routes(): Record<string, Operation> {
    const op = (name: OperationName, body: 'form' | 'json', run: (call: Call) => unknown, extra: Partial<Operation> = {}): Operation =>
      ({ name, body, successCode: '000000', successMsg: '操作完成', debuggerField: false, run: run.bind(this), ...extra });
    return {
      '/msg/getThirdAPIToken': op('getToken', 'form', this.getToken),
      '/message/getPublicList': op('getPublicList', 'form', this.getPublicList, { debuggerField: true }),
      '/message/getTemplateList': op('getTemplateList', 'form', this.getTemplateList, { debuggerField: true }),
      '/message/replyMessage': op('replyMessage', 'form', this.replyMessage),
      '/message/getProgress': op('getProgress', 'form', this.getProgress),
      '/api/message/user/count': op('userCount', 'form', this.userCount, { successMsg: '' }),
      '/api/message/user/list': op('userList', 'form', this.userList),
      '/message/sendMessageApi': op('sendMessage', 'form', this.sendMessage),
      '/message/sendMessageBySMSApi': op('sendSms', 'form', this.sendSms, { successCode: '1', successMsg: '操作成功！' }),
      '/message/sendTemplateApi': op('sendTemplate', 'json', this.sendTemplate, { debuggerField: true }),
      '/message/cardMessage': op('sendCard', 'json', this.sendCard),
      '/message/checkMessageStatusApi': op('checkStatus', 'form', this.checkStatus),
    };
  }

  // ----- authentication -----

  /** Missing token is a missing required parameter (500001); a present but unknown or expired one is 500003. */
  private authenticate(call: Call, lenient = false): App {
    if (call.token === undefined) throw invalid('平台通行凭证不能为空');
    const entry = this.tokens.get(call.token);
    if (entry && entry.expiresAt > Date.now()) return entry.app;
    if (lenient) return this.mainApp;
    // A release that reports a token it does not know (unknown or expired) as a bad parameter.
    if (this.is('token-invalid-500001')) throw invalid('平台通行凭证无效');
    throw reject('500003');
  }

  // ----- 5.1.1 -----

  private getToken(call: Call): unknown {
    const appId = call.param('appId');
    if (appId === undefined) throw invalid('应用ID不能为空');
    const password = call.param('appPassword');
    if (password === undefined) throw invalid('应用秘钥不能为空');
    const app = this.apps.get(appId);
    if (!app || app.password !== password) throw reject('500002');
    if (this.is('token-broken')) throw new Reject('999999', '系统繁忙');
    const token = newId();
    this.tokens.set(token, { app, expiresAt: Date.now() + (this.is('short-token-lifetime') ? SHORT_TOKEN_LIFETIME_MS : TOKEN_LIFETIME_MS) });
    // A serializer that dumps the app entity next to the token.
    if (this.is('echo-password')) return { token, app: { appId: app.appId, appPassword: app.password, name: app.name } };
    return { token };
  }

  // ----- 5.2.1 / 5.2.2 -----

  private getPublicList(call: Call): unknown {
    const app = this.authenticate(call, this.is('accepts-unknown-token'));
    return [...this.accounts.values()]
      .filter((a) => a.apps.has(app))
      .map((a) => ({ appId: app.appId, publicName: a.name, publicId: a.publicId, remark: a.remark, status: this.is('number-for-string') ? 1 : '1' }));
  }

  /** The account named by publicId, checked for existence (600000) and for being bound to the app (600022). */
  private boundAccount(app: App, publicId: string): PublicAccount {
    const account = this.accounts.get(publicId);
    if (!account) throw reject('600000');
    if (!account.apps.has(app)) throw reject('600022');
    return account;
  }

  private getTemplateList(call: Call): unknown {
    const app = this.authenticate(call);
    const publicId = call.param('publicId');
    if (publicId === undefined) throw reject('600005');
    return this.boundAccount(app, publicId).templates.map((t) => ({
      template_id: t.templateId, title: t.title, primary_industry: '教育', deputy_industry: '院校', content: t.content, example: t.example,
    }));
  }

  // ----- 5.2.3 -----

  private replyMessage(call: Call): unknown {
    const app = this.authenticate(call);
    const count = this.replyCount(call.param('count'));
    const queue = this.replies.get(app)!;
    const taken = this.is('replies-not-deleted') ? queue.slice(0, count) : queue.splice(0, count);
    return taken.map((r) => ({ content: r.content, time: chinaTime(r.time), msgId: r.msgId, user: r.user }));
  }

  private replyCount(text: string | undefined): number {
    if (text === undefined) return 100;
    const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (n >= 1 && n <= 100) return n;
    if (this.options.lenientCount) return 100;
    throw invalid('获取的回复记录数必须是1到100之间的整数');
  }

  // ----- 5.2.4 -----

  private getProgress(call: Call): unknown {
    const app = this.authenticate(call);
    const msgId = call.param('msgId');
    if (msgId === undefined) throw invalid('消息标识不能为空');
    const msg = this.messages.get(msgId);
    if (!msg || msg.app !== app) throw this.is('undocumented-code') ? new Reject('404001', '消息不存在') : reject('500005');
    const { state, done } = this.progressOf(msg, Date.now());
    const failed = done ? msg.recipients.filter((r) => r.cause) : [];
    return {
      total: msg.recipients.length,
      state: this.is('numeric-state') ? Number(state) : state,
      successCount: done ? msg.recipients.length - failed.length : 0,
      failCount: failed.length,
      failUserList: failed.map((r) => ({ user: r.user, cause: r.cause })),
    };
  }

  // ----- 5.2.5 / 5.2.6 -----

  private userCount(call: Call): unknown {
    this.authenticate(call);
    const counts = { unread: 0, read: 0, checked: 0, todo: 0, processing: 0, initiated: 0, total: 0 };
    const account = call.param('account');
    if (account === undefined) {
      if (this.is('missing-param-accepted')) return counts;
      throw invalid('用户账号不能为空');
    }
    const type = call.param('type');
    if (type !== undefined && type !== '1' && type !== '4') throw invalid('类型只能是1或4');
    // An account with no mailbox simply has no messages.
    for (const item of this.mailboxes.get(account) ?? []) {
      if (type === '1' && item.todo) continue;
      if (type === '4' && !item.todo) continue;
      if (item.todo) {
        const done = this.is('todo-count-stale') ? item.doneWhenDelivered : item.done;
        if (done) counts.checked++;
        else counts.todo++;
      } else if (item.read) counts.read++;
      else counts.unread++;
      counts.total++;
    }
    return counts;
  }

  private userList(call: Call): unknown {
    this.authenticate(call);
    const account = call.param('account');
    if (account === undefined) throw invalid('用户账号不能为空');
    const page = this.positiveInteger(call.param('page'), '页码');
    const size = this.positiveInteger(call.param('size'), '每页大小');
    if (size > 100) throw invalid('每页大小不能超过100');
    const type = call.param('type');
    if (type !== undefined && !['1', '2', '3', '4'].includes(type)) throw invalid('类型只能是1、2、3或4');
    const search = call.param('search');

    const matching = (this.mailboxes.get(account) ?? [])
      .map((item, order) => ({ item, order }))
      .filter(({ item }) => type === undefined || listTypeOf(item) === type)
      .filter(({ item }) => search === undefined || item.title.includes(search))
      .sort((a, b) => b.item.time - a.item.time || b.order - a.order) // newest first
      .map(({ item }) => item);
    const shown = this.is('size-ignored') ? matching : matching.slice((page - 1) * size, page * size);
    return {
      total: matching.length,
      msglist: shown.map((item) => ({
        id: item.id, title: item.title, type: item.todo ? '4' : '1', time: chinaTime(item.time, false),
        state: stateOf(item), source: item.source, url: item.url, murl: item.murl,
      })),
    };
  }

  private positiveInteger(text: string | undefined, label: string): number {
    if (text === undefined) throw invalid(`${label}不能为空`);
    if (!/^\d+$/.test(text.trim())) throw invalid(`${label}必须是整数`);
    const n = Number(text.trim());
    if (n < 1) throw invalid(`${label}必须大于0`);
    return n;
  }

  // ----- 5.3.1 -----

  private sendMessage(call: Call): unknown {
    const app = this.authenticate(call);
    const p = (name: string): string | undefined => call.param(name);
    // Receivers first: nothing else matters if we do not know whom to send to.
    const receiverIds = parseUserReceivers(p('receivers'));
    const channels = parseChannels(p('sendChannel'));
    const sendMode = p('sendMode');
    if (sendMode === undefined) throw invalid('发送模式不能为空');
    if (sendMode !== 'normal') throw invalid('发送模式只能是normal');
    const title = p('msgtitle');
    if (title === undefined) throw invalid('消息标题不能为空');
    if (title.length > 100 && !this.is('title-unchecked')) throw invalid('消息标题长度不能超过100');
    const msgType = p('msgType');
    if (msgType === undefined) throw invalid('消息类型不能为空');
    if (!['0', '1', '2'].includes(msgType)) throw invalid('消息类型只能是0、1或2');
    const content = p('msgContent');
    if (content === undefined) throw invalid('消息内容不能为空');
    if (msgType === '2' && !isHttpUrl(content)) throw invalid('外链消息的消息内容必须是http或https地址');
    const scheduledAt = this.scheduleOf(p('sendStatus'), p('sendTime'));
    const sendMsgType = p('sendMsgType');
    if (sendMsgType !== undefined && sendMsgType !== '1' && sendMsgType !== '4') throw invalid('消息类别只能是1或4');
    const isTodo = sendMsgType === '4';
    const waitLink = p('waitLink');
    if (isTodo && waitLink === undefined) throw invalid('待办消息的页面的跳转地址不能为空');
    if (waitLink !== undefined && waitLink.length > 1024) throw invalid('页面的跳转地址长度不能超过1024');
    const summary = p('summary');
    if (summary !== undefined && summary.length > 255) throw invalid('消息摘要长度不能超过255');
    const iconUrl = p('iconUrl');
    if (iconUrl !== undefined && iconUrl.length > 100) throw invalid('封面图片长度不能超过100');
    const isReply = p('isReply');
    if (isReply !== undefined && isReply !== '0' && isReply !== '1') throw invalid('是否开启回复只能是0或1');
    const pcUrl = p('pcUrl');
    if (pcUrl !== undefined && pcUrl.length > 1024) throw invalid('PC端跳转页面URL长度不能超过1024');

    // Content rules, once the request is well-formed.
    if (channels.has('SMS') && SMS_SIGNATURE.test(content) && !this.is('sms-signature-allowed')) throw reject('500012');
    if (containsSensitiveWord(title, content)) throw reject('500013');
    const recipients = this.resolveRecipients(receiverIds);
    const unsubscribed = recipients.filter((r) => r.directoryUser && !r.directoryUser.subscribed);
    // When nobody addressed is a subscribed directory person (不存在订阅的人员数据); unknown users beside
    // a subscribed one fail later, in 5.2.4.
    if (!recipients.some((r) => r.directoryUser?.subscribed)) throw reject('500007');
    const todoKey = isTodo ? [title, waitLink, [...new Set(receiverIds)].sort().join(',')].join('\u0000') : undefined;
    if (todoKey !== undefined && this.hasPendingTodo(app, todoKey)) throw reject('500015');

    const now = Date.now();
    const sendingAt = scheduledAt ?? now + SENDING_AFTER_MS;
    const msg = this.recordGeneral(app, {
      title, isTodo, isReply: isReply === '1', recipients, sendingAt,
      deliveredAt: scheduledAt === undefined ? now + DELIVERED_AFTER_MS : scheduledAt + DELIVERED_AFTER_MS,
      url: pcUrl ?? waitLink ?? (msgType === '2' ? content : ''),
      murl: waitLink ?? (msgType === '2' ? content : ''),
    });
    msg.todoKey = todoKey;
    return {
      msgId: msg.msgId,
      noSubscribeStatus: unsubscribed.length > 0 ? '1' : '0',
      noSubscribeList: unsubscribed.map((r) => ({ type: 'User', userId: r.directoryUser!.userId, userName: r.directoryUser!.name })),
    };
  }

  /** sendStatus 1 sends now (sendTime ignored entirely); 2 needs a China-time sendTime more than 10 minutes ahead. */
  private scheduleOf(sendStatus: string | undefined, sendTime: string | undefined): number | undefined {
    if (sendStatus === undefined) throw invalid('发送状态不能为空');
    if (sendStatus === '1') return undefined;
    if (sendStatus !== '2') throw invalid('发送状态只能是1或2');
    if (sendTime === undefined) throw invalid('定时消息的发送时间不能为空');
    const at = parseChinaTime(sendTime.trim());
    if (at === undefined) throw invalid('发送时间格式不正确，应为yyyy-MM-dd HH:mm:ss');
    if (at <= Date.now() + SCHEDULE_MARGIN_MS && !this.is('schedule-not-checked')) throw invalid('发送时间必须晚于当前时间10分钟以上');
    return at;
  }

  /** One recipient per distinct userId; unknown and unsubscribed users are kept, to fail in 5.2.4. */
  private resolveRecipients(userIds: string[]): Recipient[] {
    return [...new Set(userIds)].map((userId) => {
      const directoryUser = this.directory.get(userId);
      if (!directoryUser) return { user: userId, cause: '系统中不存在该人员' };
      if (!directoryUser.subscribed) return { user: userId, directoryUser, cause: '该人员未订阅此应用' };
      return { user: userId, directoryUser };
    });
  }

  private hasPendingTodo(app: App, todoKey: string): boolean {
    return [...this.messages.values()].some((m) => m.app === app && m.todoKey === todoKey && m.todoState === '1');
  }

  private recordGeneral(app: App, m: Pick<SentMessage, 'title' | 'isTodo' | 'isReply' | 'recipients' | 'sendingAt' | 'deliveredAt' | 'url' | 'murl'>): SentMessage {
    const msg: SentMessage = { msgId: newId(), app, kind: 'general', todoState: '1', delivered: false, autoReplied: false, ...m };
    this.messages.set(msg.msgId, msg);
    return msg;
  }

  // ----- 5.3.2 -----

  private sendSms(call: Call): unknown {
    const app = this.authenticate(call);
    const content = call.param('msgContent');
    if (content === undefined) throw invalid('消息内容不能为空');
    const mobiles = parseMobileReceivers(call.param('receivers'));
    if (SMS_SIGNATURE.test(content)) throw reject('500012');
    if (containsSensitiveWord(content)) throw reject('500013');
    const now = Date.now();
    const msg: SentMessage = {
      msgId: newId(), app, kind: 'sms', title: content, isTodo: false, todoState: '1', isReply: false,
      sendingAt: now + SENDING_AFTER_MS, deliveredAt: now + DELIVERED_AFTER_MS, delivered: false, autoReplied: false,
      recipients: [...new Set(mobiles)].map((mobile) => (VALID_MOBILE.test(mobile) ? { user: mobile } : { user: mobile, cause: '短信发送失败！手机号码格式有误！' })),
      url: '', murl: '',
    };
    this.messages.set(msg.msgId, msg);
    return { msgId: msg.msgId };
  }

  // ----- 5.3.3 -----

  private sendTemplate(call: Call): unknown {
    const app = this.authenticate(call);
    const field = (name: string): string | undefined => jsonString(call.json, name);
    const userId = field('userId');
    if (userId === undefined) throw reject('600004');
    const publicId = field('publicId');
    if (publicId === undefined) throw reject('600005');
    const templateId = field('templateId');
    const data = call.json['data'];
    if (templateId === undefined || !isPlainObject(data) || Object.keys(data).length === 0) throw reject('600006');
    const messageType = field('messageType');
    if (messageType === undefined) throw invalid('消息类别不能为空');
    if (messageType !== '1' && messageType !== '2') throw invalid('消息类别只能是1或2');
    if (field('url') === undefined) throw invalid('跳转页面URL不能为空');
    // pcUrl is deprecated ("已经废弃暂不使用"): ignored whatever its length.

    const account = this.boundAccount(app, publicId);
    const template = account.templates.find((t) => t.templateId === templateId);
    if (!template) throw reject('600008');
    if (!this.directory.get(userId)?.openid) throw reject('600003');
    for (const keyword of templateKeywords(template.content)) {
      const entry = data[keyword];
      if (!isPlainObject(entry) || jsonString(entry, 'value') === undefined) throw reject('600007');
    }
    const messageId = newId();
    this.templateMessages.set(messageId, { messageId, app, isTodo: messageType === '2', state: '1' });
    return { messageId, status: '0', info: '发送成功' };
  }

  // ----- 5.3.4 -----

  private sendCard(call: Call): unknown {
    this.authenticate(call);
    const field = (name: string): string | undefined => jsonString(call.json, name);
    const users = (field('userList') ?? '').split(/[|｜]/).map((u) => u.trim()).filter((u) => u !== '');
    if (users.length === 0) throw invalid('用户的列表不能为空');
    const title = field('title');
    if (title === undefined) throw invalid('标题不能为空');
    const description = field('description');
    if (description === undefined) throw invalid('描述不能为空');
    const url = field('url');
    if (url === undefined) throw invalid('点击后跳转的链接不能为空');
    if (Buffer.byteLength(url, 'utf8') > 2048) throw invalid('点击后跳转的链接长度不能超过2048字节');
    if (!/^https?:\/\//i.test(url) && !this.is('card-url-unchecked')) throw invalid('点击后跳转的链接必须以http://或https://开头');
    const btnTxt = [...(field('btnTxt') ?? '详情')].slice(0, 4).join('');
    // Over-long title and description are cut, not refused, as the document says.
    this.cards.push({ users, title: cutToBytes(title, 128), description: cutToBytes(description, 512), url, btnTxt });
    return null;
  }

  // ----- 5.4.1 -----

  private checkStatus(call: Call): unknown {
    const app = this.authenticate(call);
    const msgId = call.param('msgId');
    if (msgId === undefined) throw invalid('消息ID不能为空');
    const messageType = call.param('messageType') ?? '1';
    if (messageType !== '1' && messageType !== '2') throw invalid('消息类型只能是1或2');
    const state = call.param('state') ?? '2'; // absent: the todo is done (已办理)
    if (state !== '1' && state !== '2') throw invalid('状态只能是1或2');
    if (messageType === '2') this.confirmTemplateTodo(app, msgId, state);
    else this.confirmTodo(app, msgId, state);
    return null;
  }

  private confirmTodo(app: App, msgId: string, state: '1' | '2'): void {
    const msg = this.messages.get(msgId);
    if (!msg || msg.app !== app) throw reject('500005');
    if (!msg.isTodo) throw reject('500006');
    if (!msg.delivered) throw reject('500008');
    msg.todoState = state; // setting the state it already has is harmless
    for (const box of this.mailboxes.values()) {
      for (const item of box) if (item.id === msgId) item.done = state === '2';
    }
  }

  private confirmTemplateTodo(app: App, messageId: string, state: '1' | '2'): void {
    const msg = this.templateMessages.get(messageId);
    if (!msg) throw reject('500005');
    if (msg.app !== app) throw reject('600023');
    if (!msg.isTodo) throw reject('600009');
    if (msg.state === state && !this.options.sameStateAccepted) throw reject('600010');
    msg.state = state;
  }
}

// ---------------------------------------------------------------------------
// Parsing of the structured parameters
// ---------------------------------------------------------------------------

function parseJsonArray(text: string | undefined): unknown[] {
  if (text === undefined) throw invalid('接收人不能为空');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('接收人格式不正确');
  }
  if (!Array.isArray(parsed)) throw invalid('接收人格式不正确');
  if (parsed.length === 0) throw invalid('接收人不能为空');
  return parsed;
}

/** 5.3.1 receivers: `[{"type":"User","userId":"…","name":"…"}]`, type defaulting to User, name optional. */
function parseUserReceivers(text: string | undefined): string[] {
  return parseJsonArray(text).map((entry) => {
    if (!isPlainObject(entry)) throw invalid('接收人格式不正确');
    const type = jsonString(entry, 'type') ?? 'User';
    if (type !== 'User') throw invalid('接收人类型只能是User');
    const userId = jsonString(entry, 'userId');
    if (userId === undefined) throw invalid('接收人的学工号不能为空');
    if (entry['name'] !== undefined && entry['name'] !== null && typeof entry['name'] !== 'string') throw invalid('接收人格式不正确');
    return userId;
  });
}

/** 5.3.2 receivers: `[{"name":"…","mobile":"…"}]`; the mobile's format is judged at delivery, not here. */
function parseMobileReceivers(text: string | undefined): string[] {
  return parseJsonArray(text).map((entry) => {
    if (!isPlainObject(entry)) throw invalid('接收人格式不正确');
    const mobile = jsonString(entry, 'mobile');
    if (mobile === undefined) throw invalid('接收人的手机号不能为空');
    return mobile.trim();
  });
}

function parseChannels(text: string | undefined): Set<string> {
  if (text === undefined) throw invalid('发送渠道不能为空');
  const names = text.split(',').map((c) => c.trim());
  for (const name of names) if (!CHANNELS.has(name)) throw invalid(`发送渠道不正确：${name || '(空)'}`);
  return new Set(names);
}

/** The keywords a template needs: every `{{x.DATA}}` but first and remark, which WeChat treats as optional. */
function templateKeywords(content: string): string[] {
  return [...content.matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => m[1]!).filter((k) => k !== 'first' && k !== 'remark');
}

/** 5.2.6 type: 1 待办 2 已办 3 未读 4 已读. */
function listTypeOf(item: MailItem): string {
  if (item.todo) return item.done ? '2' : '1';
  return item.read ? '4' : '3';
}

/** 5.2.6 msglist.state: 1已读 2未读 3已办理 4待处理. */
function stateOf(item: MailItem): string {
  if (item.todo) return item.done ? '3' : '4';
  return item.read ? '1' : '2';
}

// ---------------------------------------------------------------------------
// Start / stop
// ---------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startIndependentPlatform(
  t: { teardown(fn: () => unknown): void },
  options: IndependentOptions = {},
): Promise<IndependentPlatform> {
  const platform = new IndependentServer(options);
  const requests: IndependentPlatform['requests'] = [];

  let served = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let answer: Answer;
      served++;
      const every = options.flakyEvery;
      if (every !== undefined && served % every === 0) {
        await readBody(req);
        // Odd failures: the gateway's 502 page; even ones: the connection reset under the request.
        if ((served / every) % 2 === 1) {
          res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(NGINX_502)) });
          res.end(NGINX_502);
        } else res.socket?.destroy();
        return;
      }
      try {
        const body = await readBody(req);
        const target = new URL(req.url ?? '/', 'http://127.0.0.1');
        const contentType = req.headers['content-type'];
        requests.push({ method: req.method ?? '', path: target.pathname, query: target.searchParams, ...(contentType !== undefined ? { contentType } : {}), body });
        answer = await platform.handle(req, body, target.pathname, target.searchParams);
      } catch {
        answer = { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: JSON.stringify({ rspCode: '999999', rspMsg: TABLE_TEXT['999999'], resultData: null }) };
      }
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body, 'utf8')) });
      res.end(answer.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('independent platform: no TCP address');

  const receiversFile = join(tmpdir(), `independent-platform-${process.pid}-${randomBytes(6).toString('hex')}.json`);
  writeFileSync(receiversFile, JSON.stringify(platform.receiversDocument(), null, 2));

  t.teardown(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(receiversFile, { force: true });
  });

  return {
    url: `http://127.0.0.1:${address.port}`,
    appId: platform.mainApp.appId,
    appPassword: platform.mainApp.password,
    receiversFile,
    pendingReplies: () => {
      platform.advance();
      return platform.replies.get(platform.mainApp)!.length;
    },
    requests,
  };
}

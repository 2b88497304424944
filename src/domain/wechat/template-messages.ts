import type { App } from '../apps.js';
import { rejectSensitiveWords } from '../content-rules.js';
import { UmcError } from '../errors.js';
import { throwIfFault, usableAccount, type OfficialAccount } from './accounts.js';
import { missingKeyword, renderTemplate, type TemplateData } from './templates.js';

/**
 * 5.3.3 template messages and 5.4.1 for the ones sent as todos (messageType 2). Sending is
 * synchronous, as on the platform: the answer is WeChat's answer.
 */

/** 5.3.3's validated parameters. */
export interface TemplateSendInput {
  userId: string;
  publicId: string;
  /** "1" notice, "2" todo */
  messageType: '1' | '2';
  templateId: string;
  url: string;
  pcUrl?: string;
  data: TemplateData;
}

/** One sent template message, as the dev inbox and the journal show it. */
export interface TemplateMessage {
  messageId: string;
  appId: string;
  userId: string;
  openid: string;
  publicId: string;
  publicName: string;
  templateId: string;
  templateTitle: string;
  messageType: '1' | '2';
  url: string;
  pcUrl: string | null;
  data: TemplateData;
  /** The template content with the values filled in: what the person reads in WeChat. */
  text: string;
  /** Todos: "1" pending (待办理), "2" done (已办理); notices: null. */
  state: '1' | '2' | null;
  /** Epoch ms on the platform clock. */
  sentAt: number;
  stateChangedAt: number | null;
}

/** 5.3.3 resultData. */
export interface TemplateSendResult {
  messageId: string;
  status: '0' | '1';
  info: string;
}

/** The platform's own checks of a 5.3.3 send, over what it has stored. */
export interface TemplateSendChecks {
  /** 500013 */
  sensitiveWords: readonly string[];
  /** 500015: the same template todo still pending (待办理). */
  pendingDuplicate: (input: TemplateSendInput) => TemplateMessage | undefined;
}

/**
 * Checks a 5.3.3 request in the platform's order and builds the sent message. Local checks come
 * before WeChat's: the app's channel (500010), sensitive words in data (500013), the account
 * (600000, 600011, 600022), the person's openid (600003); then the calls to WeChat: its token and template list (600002, 600001), the
 * template (600008), its keywords (600007), a duplicate of a pending template todo (500015, the
 * platform's own check before it sends), and the send itself, which WeChat refuses for a person
 * who has unsubscribed (600024).
 */
export function buildTemplateMessage(
  accounts: ReadonlyMap<string, OfficialAccount>,
  app: App,
  input: TemplateSendInput,
  messageId: string,
  now: number,
  checks: TemplateSendChecks = { sensitiveWords: [], pendingDuplicate: () => undefined },
): TemplateMessage {
  if (Object.keys(input.data).length === 0) throw new UmcError('600006', 'data不能为空对象');
  if (!app.channels.includes('OfficialAccount')) throw new UmcError('500010', '应用未开通公众号（OfficialAccount）渠道');
  rejectSensitiveWords(checks.sensitiveWords, Object.fromEntries(Object.entries(input.data).filter(([, entry]) => entry.value !== undefined).map(([key, entry]) => [`data.${key}.value`, entry.value])));
  const account = usableAccount(accounts, app, input.publicId);
  const follower = account.followers.find((f) => f.userId === input.userId);
  if (!follower) throw new UmcError('600003', `用户${input.userId}在公众号“${account.publicName}”下没有openid`);
  throwIfFault(account);
  const template = account.templates.find((t) => t.template_id === input.templateId);
  if (!template) throw new UmcError('600008', `templateId=${input.templateId}`);
  const missing = missingKeyword(template.content, input.data);
  if (missing) throw new UmcError('600007', missing);
  const duplicate = input.messageType === '2' ? checks.pendingDuplicate(input) : undefined;
  if (duplicate) throw new UmcError('500015', `与仍待办理的模板待办${duplicate.messageId}的公众号、模板、人员与data相同`);
  if (!follower.subscribed) throw new UmcError('600024', `用户${input.userId}已取消关注公众号“${account.publicName}”`);
  return {
    messageId,
    appId: app.appId,
    userId: input.userId,
    openid: follower.openid,
    publicId: account.publicId,
    publicName: account.publicName,
    templateId: template.template_id,
    templateTitle: template.title,
    messageType: input.messageType,
    url: input.url,
    pcUrl: input.pcUrl ?? null,
    data: structuredClone(input.data),
    text: renderTemplate(template.content, input.data),
    state: input.messageType === '2' ? '1' : null,
    sentAt: now,
    stateChangedAt: null,
  };
}

export function sendResult(message: TemplateMessage): TemplateSendResult {
  return { messageId: message.messageId, status: '0', info: '发送成功' };
}

const STATE_NAMES = { '1': '待办理', '2': '已办理' } as const;

/**
 * 5.4.1 with messageType 2: an unknown messageId is 500005; another app's message 600023; a
 * notice 600009; the state it already has 600010; the account's lost WeChat token 600002.
 */
export function changeTemplateTodoState(
  message: TemplateMessage | undefined,
  accounts: ReadonlyMap<string, OfficialAccount>,
  app: App,
  msgId: string,
  state: '1' | '2',
  now: number,
): void {
  if (!message) throw new UmcError('500005', `模版消息${msgId}不存在`);
  if (message.appId !== app.appId) throw new UmcError('600023', msgId);
  if (message.messageType !== '2' || message.state === null) throw new UmcError('600009', `${msgId}是通知（messageType=1）`);
  if (message.state === state) throw new UmcError('600010', `当前已是${STATE_NAMES[state]}`);
  const account = accounts.get(message.publicId);
  if (account?.fault === 'tokenLost') throw new UmcError('600002', account.publicName);
  message.state = state;
  message.stateChangedAt = now;
}

import type { App } from '../apps.js';
import type { Clock } from '../clock.js';
import type { IdSource } from '../random.js';
import { listBoundAccounts, listTemplates, type OfficialAccount, type PublicAccountView, type Template } from './accounts.js';
import { buildCard, type CardInput, type CardMessage, type DirectoryLookup } from './cards.js';
import { pendingDuplicate } from './duplicate-todo.js';
import { buildTemplateMessage, changeTemplateTodoState, sendResult, type TemplateMessage, type TemplateSendInput, type TemplateSendResult } from './template-messages.js';

/** Everything the WeChat side keeps: plain data, so it can be persisted as is. */
export interface WechatState {
  accounts: OfficialAccount[];
  templateMessages: TemplateMessage[];
  cards: CardMessage[];
}

export interface WechatOptions {
  /** The scenario's accounts; copied, so a reset starts from them again. */
  accounts: OfficialAccount[];
  clock: Clock;
  ids: IdSource;
  /** A new 5.3.3 messageId (a UUID unless a deployment profile shapes it otherwise). */
  newMessageId?: () => string;
  inDirectory?: DirectoryLookup;
  /** The scenario's sensitive words (500013 is 通用: template data and cards too). */
  sensitiveWords?: readonly string[];
}

/**
 * The official-account half of the platform (5.2.1, 5.2.2, 5.3.3, 5.4.1 type 2) and WeCom cards
 * (5.3.4), over one plain state with its indexes (accounts by publicId, messages by messageId).
 */
export class Wechat {
  readonly state: WechatState;
  private readonly accountsById: Map<string, OfficialAccount>;
  private readonly messagesById: Map<string, TemplateMessage>;

  constructor(private readonly options: WechatOptions, state?: WechatState) {
    this.state = state ?? { accounts: structuredClone(options.accounts), templateMessages: [], cards: [] };
    this.accountsById = new Map(this.state.accounts.map((a) => [a.publicId, a]));
    this.messagesById = new Map(this.state.templateMessages.map((m) => [m.messageId, m]));
  }

  /** 5.2.1 */
  publicList(app: App): PublicAccountView[] {
    return listBoundAccounts(this.accountsById, app);
  }

  /** 5.2.2 */
  templateList(app: App, publicId: string): Template[] {
    return listTemplates(this.accountsById, app, publicId);
  }

  /** 5.3.3 */
  sendTemplate(app: App, input: TemplateSendInput): TemplateSendResult {
    const checks = { sensitiveWords: this.options.sensitiveWords ?? [], pendingDuplicate: (candidate: TemplateSendInput) => pendingDuplicate(this.state.templateMessages, app, candidate) };
    const message = buildTemplateMessage(this.accountsById, app, input, this.options.newMessageId?.() ?? this.options.ids.uuid(), this.options.clock.now(), checks);
    this.state.templateMessages.push(message);
    this.messagesById.set(message.messageId, message);
    return sendResult(message);
  }

  /** 5.4.1 with messageType 2 */
  changeTodoState(app: App, msgId: string, state: '1' | '2'): null {
    changeTemplateTodoState(this.messagesById.get(msgId), this.accountsById, app, msgId, state, this.options.clock.now());
    return null;
  }

  /** Control plane: a person follows or unfollows an account; false when they have no openid there. */
  setFollowing(publicId: string, userId: string, subscribed: boolean): boolean {
    const follower = this.accountsById.get(publicId)?.followers.find((f) => f.userId === userId);
    if (!follower) return false;
    follower.subscribed = subscribed;
    return true;
  }

  /** 5.3.4: the card's id (the mock's own: 5.3.4 answers resultData null). */
  sendCard(app: App, input: CardInput): string {
    const card = buildCard(app, input, this.options.ids.uuid(), this.options.clock.now(), this.options.inDirectory, this.options.sensitiveWords);
    this.state.cards.push(card);
    return card.cardId;
  }

  templateMessage(messageId: string): TemplateMessage | undefined {
    return this.messagesById.get(messageId);
  }

  account(publicId: string): OfficialAccount | undefined {
    return this.accountsById.get(publicId);
  }
}

import type { App } from '../apps.js';
import { rejectSensitiveWords, rejectSmsSignature } from '../content-rules.js';
import { resolveRoutes } from './routing.js';
import { smsSegments } from './segments.js';
import { chargeSms } from './sms-quota.js';
import { recipientOf, type MessagingContext, type Recipient, type StoredMessage } from './store.js';

/** 5.3.2 sendMessageBySMSApi: SMS to people outside the directory, by mobile number. */

export interface SmsRequest {
  msgContent: string;
  receivers: { name?: string; mobile: string }[];
}

export function sendSms(ctx: MessagingContext, app: App, req: SmsRequest) {
  resolveRoutes(ctx, app, ['SMS']);
  rejectSmsSignature('msgContent', req.msgContent);
  rejectSensitiveWords(ctx.sensitiveWords, { msgContent: req.msgContent });

  // The same number twice gets one SMS. Numbers are not checked here: bad ones fail in 5.2.4.
  const byMobile = new Map<string, string>();
  for (const r of req.receivers) {
    const mobile = r.mobile.trim();
    if (!byMobile.has(mobile)) byMobile.set(mobile, r.name ?? '');
  }
  const smsBilled = byMobile.size * smsSegments(req.msgContent);
  chargeSms(app, smsBilled);

  const now = ctx.now();
  const releaseAt = now + ctx.delivery.queueMs;
  const recipients: Recipient[] = [...byMobile].map(([mobile, name]) => recipientOf(mobile, name, false, ctx.planner.planSms(mobile, releaseAt)));
  const message: StoredMessage = {
    msgId: ctx.newId(),
    appId: app.appId,
    api: '5.3.2',
    title: '',
    content: req.msgContent,
    category: 'notice',
    channels: ['SMS'],
    isReply: false,
    acceptedAt: now,
    sendAt: now,
    releaseAt,
    finishedAt: recipients.reduce((at, r) => Math.max(at, r.finishedAt), releaseAt),
    smsBilled,
    recipients,
  };
  ctx.state.messages.set(message.msgId, message);
  return { msgId: message.msgId };
}

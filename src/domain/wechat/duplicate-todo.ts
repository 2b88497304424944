import type { App } from '../apps.js';
import type { TemplateData } from './templates.js';
import type { TemplateMessage, TemplateSendInput } from './template-messages.js';

/** data compared by content, whatever the order of its keys (a JSON object's order means nothing). */
function sameData(a: TemplateData, b: TemplateData): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key]!.value === b[key]!.value && (a[key]!.color ?? '') === (b[key]!.color ?? ''));
}

/**
 * 5.3.3's 500015 (表4-1-2 lists it for 5.3.1 and 5.3.3, 重复发送待办/任务消息): a template todo the
 * same app already sent to the same person, on the same account, with the same template and data,
 * and which is still pending (待办理). Once done (已办理) it may be sent again (assumption, as 5.3.1).
 */
export function pendingDuplicate(sent: readonly TemplateMessage[], app: App, input: TemplateSendInput): TemplateMessage | undefined {
  return sent.find(
    (m) =>
      m.messageType === '2' &&
      m.state === '1' &&
      m.appId === app.appId &&
      m.userId === input.userId &&
      m.publicId === input.publicId &&
      m.templateId === input.templateId &&
      sameData(m.data, input.data),
  );
}

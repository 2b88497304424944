// The integrator's own module: exam reminders through the platform. It knows nothing of umc-mock;
// in production baseUrl is the receipt's 接口域名 and the credentials come from configuration.
import { UmcClient, isUmcApiError, type GetProgressResult, type SendMessageApiParams, type UmcClientOptions } from 'umc-kit/client';

export interface Student {
  userId: string;
  name: string;
}

export class ExamReminders {
  readonly #umc: UmcClient;

  constructor(options: UmcClientOptions) {
    this.#umc = new UmcClient(options);
  }

  /** Reminds the students by 站内信 and SMS, and resolves once sent, with whom it did not reach. */
  async remind(students: Student[], exam: string): Promise<{ msgId: string; unreached: GetProgressResult['failUserList'] }> {
    const message: Omit<SendMessageApiParams, 'sendChannel'> = {
      msgtitle: '考试提醒',
      msgType: '1',
      msgContent: `〖教务处〗${exam}将于本周五举行，请准时参加`,
      sendStatus: '1',
      sendMode: 'normal',
      receivers: students.map((s) => ({ type: 'User', userId: s.userId, name: s.name })),
    };
    let sent;
    try {
      sent = await this.#umc.sendMessageApi({ ...message, sendChannel: 'Portal,SMS' });
    } catch (err) {
      // 100011 发送短信额度不足: the 站内信 alone still reaches everyone.
      if (!isUmcApiError(err, 'sendMessageApi') || err.rspCode !== '100011') throw err;
      sent = await this.#umc.sendMessageApi({ ...message, sendChannel: 'Portal' });
    }
    const progress = await this.#umc.waitForDelivery(sent.msgId, { timeoutMs: 30_000 });
    return { msgId: sent.msgId, unreached: progress.failUserList };
  }
}

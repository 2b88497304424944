import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { envelope, JSON_CONTENT_TYPE } from '../../src/mock/envelope.js';
import { loadSpec } from '../../src/spec/load.js';

/**
 * A deliberately naive platform that answers the happy paths of every operation, with the
 * mock's control plane (health, clock, users, replies). It lets the suite's full-mode flows run
 * end to end whatever the state of the real mock, and can misbehave on purpose so that each
 * flow is seen to fail with the check of its step. Nothing here is the mock's behaviour.
 */
export interface StandInFaults {
  /** getProgress stays at state "2". */
  neverFinishes?: boolean;
  /** 5.2.5 ignores todos. */
  countsIgnoreTodos?: boolean;
  /** Replies are accepted but never returned. */
  loseReplies?: boolean;
  /** A second identical template confirmation succeeds instead of 600010. */
  reconfirmSucceeds?: boolean;
}

interface Message {
  kind: 'msg' | 'sms' | 'template';
  todo: boolean;
  done: boolean;
  receivers: string[];
  sentAt: number;
}

class Fault extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export async function startStandIn(t: { teardown(fn: () => unknown): void }, faults: StandInFaults = {}): Promise<{ url: string }> {
  const spec = loadSpec();
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const people = [
    { userId: 's001', name: '只有站内信', mobile: '', email: '', wecomId: '', dingtalkId: '' },
    { userId: 's002', name: '处处可达', mobile: '13800000002', email: 's002@example.edu', wecomId: 'w002', dingtalkId: 'd002' },
  ];
  const messages = new Map<string, Message>();
  const replies: { content: string; time: string; msgId: string; user: string }[] = [];
  const delivered = (m: Message) => !faults.neverFinishes && now() - m.sentAt >= 45_000;
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, string>[];
  const store = (kind: Message['kind'], todo: boolean, receivers: string[]) => {
    const id = randomUUID();
    messages.set(id, { kind, todo, done: false, receivers, sentAt: now() });
    return id;
  };

  const handlers: Record<string, (p: Record<string, any>) => unknown> = {
    getThirdAPIToken: () => ({ token: randomUUID() }),
    getThirdAPITokenByGet: () => ({ token: randomUUID() }),
    getPublicList: () => [{ appId: 'MSG123456', publicName: '测试公众号', publicId: 'pub-1', remark: '', status: '1' }],
    getTemplateList: () => [
      { template_id: 'tpl-1', title: '待办提醒', primary_industry: 'IT科技', deputy_industry: 'IT软件与服务', content: '{{first.DATA}}\n事项：{{keyword1.DATA}}\n申请人：{{keyword2.DATA}}\n{{remark.DATA}}', example: '' },
    ],
    replyMessage: (p) => replies.splice(0, Number(p.count ?? 100)),
    getProgress: (p) => {
      const m = messages.get(p.msgId);
      if (!m || m.kind === 'template') throw new Fault('500005');
      const done = delivered(m);
      return { total: m.receivers.length, state: done ? '1' : '2', successCount: done ? m.receivers.length : 0, failCount: 0, failUserList: [] };
    },
    getUserMessageCount: (p) => {
      const todos = [...messages.values()].filter((m) => m.kind === 'msg' && m.todo && delivered(m) && m.receivers.includes(p.account) && !faults.countsIgnoreTodos);
      const todo = todos.filter((m) => !m.done).length;
      const checked = todos.length - todo;
      return { unread: 0, read: 0, checked, todo, processing: 0, initiated: 0, total: todos.length };
    },
    getUserMessageList: () => ({ total: 0, msglist: [] }),
    sendMessageApi: (p) => ({ msgId: store('msg', p.sendMsgType === '4', parse(p.receivers).map((r) => r.userId!)), noSubscribeStatus: '0', noSubscribeList: [] }),
    sendMessageBySMSApi: (p) => ({ msgId: store('sms', false, parse(p.receivers).map((r) => r.mobile!)) }),
    sendTemplateApi: (p) => {
      // The best-reachable person does not follow the account: the suite must try the next one.
      if (p.userId === 's002') throw new Fault('600003');
      return { messageId: store('template', p.messageType === '2', [p.userId]), status: '0', info: '发送成功' };
    },
    cardMessage: () => null,
    checkMessageStatusApi: (p) => {
      const m = messages.get(p.msgId);
      if (!m) throw new Fault('500005');
      const done = p.state === '2';
      if (p.messageType === '2') {
        if (m.kind !== 'template') throw new Fault('500005');
        if (m.done === done && !faults.reconfirmSucceeds) throw new Fault('600010');
      } else if (!delivered(m)) throw new Fault('500008');
      m.done = done;
      return null;
    },
  };

  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  for (const op of spec.operations) {
    app.route({
      method: op.method,
      url: op.path,
      handler: async (req, reply) => {
        const params: Record<string, any> = { ...(req.query as object) };
        const body = typeof req.body === 'string' ? req.body : '';
        if (body) Object.assign(params, op.bodyKind === 'json' ? JSON.parse(body) : Object.fromEntries(new URLSearchParams(body)));
        let text: string;
        try {
          text = envelope(op, op.success.rspCode, op.success.rspMsg, handlers[op.operationId]!(params));
        } catch (err) {
          if (!(err instanceof Fault)) throw err;
          text = envelope(op, err.code, op.rspCodes.find((c) => c.rspCode === err.code)?.rspMsg ?? '', null);
        }
        return reply.header('content-type', JSON_CONTENT_TYPE).send(text);
      },
    });
  }
  app.get('/__umc/health', async () => ({ status: 'UP', service: 'umc-mock' }));
  app.post('/__umc/clock', async (req) => {
    offsetMs += JSON.parse(String(req.body)).advanceSeconds * 1000;
    return { offsetSeconds: offsetMs / 1000 };
  });
  app.get('/__umc/users', async () => ({ users: people }));
  app.post('/__umc/users/:userId/replies', async (req, reply) => {
    const { msgId, content } = JSON.parse(String(req.body));
    if (!faults.loseReplies) replies.push({ content, time: '2026-01-01 10:00:00', msgId, user: (req.params as { userId: string }).userId });
    return reply.code(201).send({ accepted: true });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const address = app.server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

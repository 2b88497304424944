// State is plain data: a snapshot survives JSON, and restoring it rebuilds the same indexes.
import t from 'tap';
import { createClock } from '../clock.js';
import { Platform } from '../platform.js';
import { createIdSource } from '../random.js';
import { loadScenario } from '../../store/scenarios.js';
import type { SendRequest } from './send.js';

const base: SendRequest = { msgtitle: '通知', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: [{ userId: '20230001' }, { userId: '20230002' }] };

t.test('snapshot → JSON → restore keeps messages, mailboxes, replies and open todos', async (t) => {
  const platform = new Platform({ scenario: loadScenario('default'), clock: createClock(), ids: createIdSource(3) });
  const app = platform.app('MSG123456')!;
  const notice = platform.messaging.send(app, { ...base, isReply: '1' }).msgId;
  const todo = { ...base, msgtitle: '待办', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/t/1' };
  platform.messaging.send(app, todo);
  platform.clock.advance(5);
  platform.messaging.read('20230001', { msgId: notice });
  platform.messaging.reply('20230002', { msgId: notice, content: '收到' });
  const before = { list: platform.messaging.userList(app, { account: '20230001', page: 1, size: 10 }), count: platform.messaging.userCount(app, '20230002') };

  const json = JSON.stringify(platform.messaging.snapshot(), (_k, v) => (v instanceof Map ? { __map: [...v] } : v));
  const data = JSON.parse(json, (_k, v) => (v && v.__map ? new Map(v.__map) : v));
  // Restored over a platform that never sent anything: everything comes from the snapshot.
  platform.messaging.restore({ messages: new Map(), replies: new Map() });
  t.same(platform.messaging.userList(app, { account: '20230001', page: 1, size: 10 }).total, 0, 'an empty snapshot empties');
  platform.messaging.restore(data);

  t.same(platform.messaging.userList(app, { account: '20230001', page: 1, size: 10 }), before.list);
  t.same(platform.messaging.userCount(app, '20230002'), before.count);
  let code: string | undefined;
  try {
    platform.messaging.send(app, todo);
  } catch (err) {
    code = (err as { rspCode?: string }).rspCode;
  }
  t.equal(code, '500015', 'the open-todo index is rebuilt');
  t.same(platform.messaging.takeReplies(app, 10).map((r) => r.content), ['收到']);
});

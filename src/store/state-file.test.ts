// The state file: compaction, replay after a snapshot, and a torn last line from a crash.
import t from 'tap';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '../domain/clock.js';
import { Platform } from '../domain/platform.js';
import { createIdSource } from '../domain/random.js';
import { API_OPERATIONS } from '../mock/api-operations.js';
import { MockCore } from '../mock/core.js';
import { stateHost } from '../mock/persistence.js';
import { Recorder } from './recorder.js';
import { loadScenario } from './scenarios.js';
import { StateFile } from './state-file.js';

// A clock that stands still: the views compared below are taken at the same platform instant however slow the machine.
const STILL = Date.parse('2026-12-01T02:00:00Z');

function open(file: string, compactEvery: number) {
  const recorder = new Recorder();
  const platform = new Platform({ scenario: loadScenario('default'), clock: recorder.wrapClock(createClock(() => STILL)), ids: recorder.wrapIds(createIdSource()) });
  const stateFile = new StateFile(file, recorder, { compactEvery });
  const host = stateHost(platform);
  const loaded = stateFile.load(host, 'default', undefined, new MockCore({ platform }));
  const app = platform.app('MSG123456')!;
  const send = (title: string) =>
    stateFile.run(host, { kind: 'api', operationId: 'sendMessageApi', appId: app.appId, params: params(title) }, () =>
      API_OPERATIONS.sendMessageApi!({ platform, app, params: params(title) }),
    ) as { msgId: string };
  return { platform, stateFile, host, loaded, send };
}

function params(title: string) {
  return { msgtitle: title, msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: [{ type: 'User', userId: '20230001' }] };
}

t.test('replays the log over the snapshot, exactly, and compaction covers what it logged', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'umc-sf-')), 'state.json');
  const a = open(file, 3);
  const ids = ['一', '二', '三', '四', '五'].map((title) => a.send(title).msgId);
  t.equal(a.stateFile.compactionDue, true, 'due after 3 changes');
  a.stateFile.compact(a.host, 'default');
  t.equal(readFileSync(`${file}.log`, 'utf8'), '', 'the log is empty after a compaction');
  const later = a.send('六').msgId;
  const before = a.platform.messaging.message(later);
  a.stateFile.release(); // as a crash would leave it: no snapshot at close

  const b = open(file, 1000);
  t.match(b.loaded, { restored: true, replayed: 1, dropped: [] });
  for (const msgId of [...ids, later]) t.ok(b.platform.messaging.message(msgId), msgId);
  t.same(b.platform.messaging.message(later), before, 'the replayed message is identical: same times, same plan');
});

t.test('a torn last line (a crash mid-write) is dropped, the rest kept', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'umc-sf-')), 'state.json');
  const a = open(file, 1000);
  const kept = a.send('保留').msgId;
  appendFileSync(`${file}.log`, '{"seq":99,"kind":"api","operationId":"sendMe');
  a.stateFile.release();
  const b = open(file, 1000);
  t.ok(b.platform.messaging.message(kept));
  t.equal(b.loaded.replayed, 1);
  t.match(readFileSync(`${file}.log`, 'utf8'), /\n$/, 'the torn line is cut off the file');
});

t.test('a file that is not ours is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-sf-'));
  appendFileSync(join(dir, 'x.json'), '{"hello":1}');
  t.throws(() => new StateFile(join(dir, 'x.json'), new Recorder()), /不是umc-mock的数据文件/);
  appendFileSync(join(dir, 'y.json'), '{broken');
  t.throws(() => open(join(dir, 'y.json'), 1000), /y\.json：不是合法的JSON/);
});

// A 5.3.1 to tens of thousands of receivers runs a slice at a time (issue 23): the event loop goes
// on between slices, reads are answered meanwhile, changes wait their turn, and --data logs and
// replays it as one command. Driven through the door, as the HTTP adapter calls it, so that the
// order of things does not depend on how fast the machine is.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock } from '../src/domain/clock.js';
import { SEND_SLICE } from '../src/domain/messaging/send.js';
import { Platform } from '../src/domain/platform.js';
import { createIdSource } from '../src/domain/random.js';
import { MockCore } from '../src/mock/core.js';
import { MockDoor } from '../src/mock/handle.js';
import { filePersistence, stateHost } from '../src/mock/persistence.js';
import { Recorder } from '../src/store/recorder.js';
import { loadSpec } from '../src/spec/load.js';
import { paramValidators } from '../src/spec/param-validators.js';
import { CONTENT_SLICE } from '../src/spec/validate.js';
import { loadScenario } from '../src/store/scenarios.js';
import { StateFile } from '../src/store/state-file.js';
import { DEMO_APP } from './helpers/mock.js';
import { controlCall, formPost, jsonOf } from './helpers/door.js';

// A clock that stands still: views compared across a restart are taken at the same instant.
const STILL = Date.parse('2026-12-01T02:00:00Z');
const RECEIVERS = 3 * SEND_SLICE + 17;

function sendParams(token: string, title: string, count: number) {
  const receivers = JSON.stringify([{ userId: '20230001' }, ...Array.from({ length: count - 1 }, (_, i) => ({ userId: `outsider${i}` }))]);
  return { token, msgtitle: title, msgType: '1', msgContent: '大规模通知', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers };
}

const body = (response: ReturnType<MockDoor['handle']>): Promise<{ rspCode: string; resultData: any }> => jsonOf(response);
const send = (door: MockDoor, params: Record<string, string>) => door.handle(formPost('/message/sendMessageApi', params));

async function tokenOf(door: MockDoor): Promise<string> {
  return (await body(door.handle(formPost('/msg/getThirdAPIToken', { ...DEMO_APP })))).resultData.token;
}

t.test('a send to 15,017 receivers runs in turns: reads answer meanwhile, changes wait, nobody sees half of it', async (t) => {
  const platform = new Platform({ scenario: loadScenario('default'), clock: createClock(() => STILL), ids: createIdSource(3), seed: 3 });
  const door = new MockDoor(new MockCore({ platform }));
  const token = await tokenOf(door);
  const first = (await body(send(door, sendParams(token, '先发的一条', 1)))).resultData.msgId;

  const big = send(door, sendParams(token, '一万五千人', RECEIVERS));
  t.ok(big instanceof Promise, 'the big send did not answer in the same turn: it yields between slices');
  const read = door.handle(formPost('/message/getProgress', { token, msgId: first }));
  t.notOk(read instanceof Promise, 'a read is answered at once, while the send is under way');
  t.equal((await body(read)).rspCode, '000000');
  t.equal(platform.messaging.messages({}).total, 1, 'the big send is not there yet: not half of it either');
  const small = send(door, sendParams(token, '后发的一条', 1));
  t.ok(small instanceof Promise, 'a change waits its turn');
  const control = door.handle(controlCall('POST', '/__umc/clock', { advanceSeconds: 60 }));

  const [bigAnswer, smallAnswer] = await Promise.all([body(big), body(small), control]);
  t.equal(bigAnswer.rspCode, '000000');
  const listed = platform.messaging.messages({});
  t.same(listed.views.map((v) => v().title), ['后发的一条', '一万五千人', '先发的一条'], 'accepted in the order they came: the waiting send after the big one');
  t.equal(smallAnswer.resultData.msgId !== bigAnswer.resultData.msgId, true);
  const view = platform.messaging.message(bigAnswer.resultData.msgId)!;
  t.equal(view.recipientSummary.total, RECEIVERS, 'every receiver planned');
  t.equal(view.acceptedAt, new Date(STILL).toISOString(), 'accepted on the platform clock as it was before the clock move that waited');
});

t.test('--data: a send made in turns is logged as one command and replays to the same message', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'umc-large-')), 'state.json');
  const open = () => {
    const recorder = new Recorder();
    const platform = new Platform({ scenario: loadScenario('default'), clock: recorder.wrapClock(createClock(() => STILL)), ids: recorder.wrapIds(createIdSource()) });
    const stateFile = new StateFile(file, recorder, { compactEvery: 1000 });
    const core = new MockCore({ platform, persistence: filePersistence(stateFile, platform, () => {}) });
    stateFile.load(stateHost(platform), 'default', undefined, core);
    return { platform, stateFile, door: new MockDoor(core) };
  };
  const a = open();
  const token = await tokenOf(a.door);
  const big = send(a.door, sendParams(token, '一万五千人', RECEIVERS));
  t.ok(big instanceof Promise, 'in turns');
  // Unseeded ids and a change waiting meanwhile: replay must give back what the steps drew, not draw again.
  const small = send(a.door, sendParams(token, '后发的一条', 2));
  const [bigId, smallId] = (await Promise.all([body(big), body(small)])).map((b) => b.resultData.msgId as string);
  const before = [a.platform.messaging.message(bigId!, { rows: 1000 }), a.platform.messaging.message(smallId!)];
  a.stateFile.release();

  const b = open();
  t.same([b.platform.messaging.message(bigId!, { rows: 1000 }), b.platform.messaging.message(smallId!)], before, 'both messages as they were: same receivers, same plan, same times');
  t.same(b.platform.messaging.messages({}).views.map((v) => v().msgId), [smallId, bigId], 'in the same order');
  b.stateFile.release();
});

t.test('the receivers of a large send are checked a slice a turn, with the very answer of a check in one go', async (t) => {
  const spec = loadSpec();
  const check = paramValidators(spec)(spec.byId.get('sendMessageApi')!);
  const inSlices = (params: Record<string, unknown>) => {
    const steps = check.steps(params);
    let turns = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) return { result: step.value, turns };
      turns++;
    }
  };
  const many = 3 * CONTENT_SLICE + 5;
  const base = sendParams('a-token', '标题', many);
  const whole = check({ ...base });
  const sliced = inSlices({ ...base });
  t.ok(sliced.turns >= 3, `checked over ${sliced.turns} turns`);
  t.same(sliced.result, whole, 'valid: the same parameters (defaults filled in)');

  // A wrong type early, a missing userId far on: the whole array's first issue is the missing one (required ranks first).
  const receivers = JSON.parse(base.receivers) as Record<string, unknown>[];
  receivers[3] = { userId: 7 as unknown as string, type: 'Dept' };
  receivers[2 * CONTENT_SLICE + 1] = { name: '没有学工号' };
  const bad = { ...base, receivers: JSON.stringify(receivers) };
  const badWhole = check({ ...bad });
  t.equal(badWhole.ok, false);
  t.same(inSlices({ ...bad }).result, badWhole, 'invalid: the same issues in the same order');
  t.match(JSON.stringify(badWhole), `receivers[${2 * CONTENT_SLICE + 1}].userId`, 'naming the item where the whole array has it');

  const door = new MockDoor(new MockCore({ platform: new Platform({ scenario: loadScenario('default'), clock: createClock(() => STILL), ids: createIdSource(3) }) }));
  const token = await tokenOf(door);
  const refused = send(door, { ...bad, token });
  t.ok(refused instanceof Promise, 'over HTTP too, the check runs in turns');
  t.match(await body(refused), { rspCode: '500001', rspMsg: `receivers[${2 * CONTENT_SLICE + 1}].userId不能为空` });
});

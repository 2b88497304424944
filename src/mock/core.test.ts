// The core without a transport: API calls through the door (src/mock/handle.ts) as the HTTP adapter
// hands them over, control-plane operations and their rules as plain calls.
import t from 'tap';
import { createClock } from '../domain/clock.js';
import { Platform } from '../domain/platform.js';
import { createIdSource } from '../domain/random.js';
import { loadScenario } from '../store/scenarios.js';
import { controlCall, formPost, jsonOf } from '../../test/helpers/door.js';
import { MockCore } from './core.js';
import { MockDoor } from './handle.js';

const DEMO = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };

function core() {
  return new MockCore({ platform: new Platform({ scenario: loadScenario('default'), clock: createClock(), ids: createIdSource(5) }) });
}

/** An answer written in the same turn, as JSON. */
function body(response: ReturnType<MockDoor['handle']>) {
  if (response instanceof Promise || response.kind !== 'answer') throw new Error('expected a written answer');
  return JSON.parse(response.body);
}

t.test('an API call runs faults, validation, the operation, the envelope and the journal, with no HTTP', async (t) => {
  const c = core();
  const door = new MockDoor(c);
  const token = body(door.handle(formPost('/msg/getThirdAPIToken', { ...DEMO })));
  t.equal(token.rspCode, '000000');
  const missing = body(door.handle(formPost('/message/getPublicList', {})));
  t.equal(missing.rspCode, '500003', 'no token: 500003 before anything else');
  const list = body(door.handle(formPost('/message/getPublicList', { token: token.resultData.token })));
  t.equal(list.rspCode, '000000');
  const journal = c.journal.list({});
  t.same(journal.map((e) => [e.operationId, e.rspCode]).reverse(), [['getThirdAPIToken', '000000'], ['getPublicList', '500003'], ['getPublicList', '000000']], 'each call journalled (newest first)');
  t.notMatch(JSON.stringify(journal), DEMO.appPassword, 'no secret in the journal');
});

t.test('a fault is applied by the core; a dropped call is journalled with status 0', async (t) => {
  const c = core();
  const door = new MockDoor(c);
  t.equal((await jsonOf(door.handle(controlCall('POST', '/__umc/faults', { operationId: 'getThirdAPIToken', drop: true, times: 1 })))).operationId, 'getThirdAPIToken');
  t.same(door.handle(formPost('/msg/getThirdAPIToken', { ...DEMO })), { kind: 'drop' });
  t.equal(c.journal.list({})[0]!.httpStatus, 0);
});

t.test('control-plane operations take control-plane.yaml\'s query and body rules', async (t) => {
  const c = core();
  const input = (query: Record<string, unknown>, b: Record<string, unknown> = {}) => ({ path: {}, query, body: b, origin: 'http://127.0.0.1' });
  t.match(await c.control('listMessages', input({ channel: 'Fax' })), { status: 400, body: { error: /^channel取值不合法/ } }, 'the channel enum');
  t.match(await c.control('listMessages', input({ limit: '0' })), { status: 400, body: { error: /^limit/ } }, 'a range');
  t.match(await c.control('listMessages', input({ limit: '', channel: '' })), { status: 200, body: { total: 0 } }, 'blank values are absent');
  t.match(await c.control('waitForArrival', input({})), { status: 400, body: { error: /^userId不能为空/ } }, 'a required parameter');
  t.match(await c.control('moveClock', input({}, { advanceSeconds: '10' })), { status: 400 }, 'a body rule');
  t.match(await c.control('moveClock', input({}, { advanceSeconds: 60 })), { status: 200, body: { offsetSeconds: 60 } });
  t.match(await c.control('createApp', input({}, { name: '教务系统', channels: ['Portal'] })), { status: 200, body: { apiDomain: 'http://127.0.0.1' } });
});

t.test('every operation of both YAML files has its handler in the core', async (t) => {
  const c = core();
  t.same(Object.keys(c.operations).sort(), c.controlSpec.operations.map((op) => op.operationId).sort());
  t.ok(c.spec.operations.length >= 12);
});

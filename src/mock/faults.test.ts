// Fault rules: scoped to an operation (and app), for N calls, with a probability, until cleared.
import t from 'tap';
import { FaultRegistry } from './faults.js';

const never = () => 0.99;
const always = () => 0;

t.test('scoped to one operation, for N calls', async (t) => {
  const faults = new FaultRegistry();
  faults.add({ operationId: 'getProgress', action: { type: 'rspCode', rspCode: '999999' }, remaining: 2 });
  t.notOk(faults.pick('sendMessageApi', 'MSG1', always), 'another operation is untouched');
  t.ok(faults.pick('getProgress', 'MSG1', always));
  t.ok(faults.pick('getProgress', 'MSG1', always));
  t.notOk(faults.pick('getProgress', 'MSG1', always), 'used up after 2 calls');
  t.same(faults.list(), []);
});

t.test('scoped to an app; * matches every operation; until cleared', async (t) => {
  const faults = new FaultRegistry();
  faults.add({ operationId: '*', appId: 'MSG2', action: { type: 'drop' } });
  t.notOk(faults.pick('getProgress', 'MSG1', always));
  for (let i = 0; i < 5; i++) t.ok(faults.pick('getProgress', 'MSG2', always));
  t.equal(faults.list()[0]!.hits, 5);
  faults.clear();
  t.notOk(faults.pick('getProgress', 'MSG2', always));
});

t.test('probability uses the random source given', async (t) => {
  const faults = new FaultRegistry();
  faults.add({ operationId: '*', action: { type: 'latency', ms: 10 }, probability: 0.5 });
  t.notOk(faults.pick('x', undefined, never));
  t.ok(faults.pick('x', undefined, always));
});

t.test('remove by id', async (t) => {
  const faults = new FaultRegistry();
  const rule = faults.add({ operationId: '*', action: { type: 'malformed' } });
  t.equal(faults.remove(rule.id), true);
  t.equal(faults.remove(rule.id), false);
});

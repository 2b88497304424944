// Seeded id sources repeat exactly; all produce UUID v4.
import t from 'tap';
import { createIdSource } from './random.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('the same seed gives the same ids; another seed others', async (t) => {
  const a = createIdSource(42);
  const b = createIdSource(42);
  const c = createIdSource(43);
  const ids = [a.uuid(), a.uuid()];
  t.same([b.uuid(), b.uuid()], ids);
  t.not(c.uuid(), ids[0]);
  for (const id of [...ids, createIdSource().uuid()]) t.match(id, UUID_V4);
});

// The minimal control plane: health, reset to the scenario's initial state, the platform clock.
import t from 'tap';
import { getToken, postForm, request, startTestMock } from '../helpers/mock.js';

const postJson = (url: string, body: unknown) =>
  request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

t.test('health names the service and its scenario', async (t) => {
  const mock = await startTestMock(t);
  const res = await request(`${mock.url}/__umc/health`);
  t.equal(res.status, 200);
  t.match(res.json, { status: 'UP', service: 'umc-mock', scenario: 'default' });
});

t.test('the clock can be read and moved forward, and moves token expiry with it', async (t) => {
  const mock = await startTestMock(t);
  const before = await request(`${mock.url}/__umc/clock`);
  t.equal(before.json.offsetSeconds, 0);
  t.match(before.json.chinaTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const moved = await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 3600 });
  t.equal(moved.status, 200);
  t.equal(moved.json.offsetSeconds, 3600);
  t.ok(moved.json.epochMs - before.json.epochMs >= 3600_000, 'now is an hour later');
  t.equal((await request(`${mock.url}/__umc/clock`)).json.offsetSeconds, 3600, 'the move sticks');
});

t.test('bad clock input is a 400 with a message, and changes nothing', async (t) => {
  const mock = await startTestMock(t);
  for (const body of [{}, { advanceSeconds: -5 }, { advanceSeconds: '10' }, '{"advanceSeconds":', '[1]']) {
    const res = await postJson(`${mock.url}/__umc/clock`, body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.type(res.json.error, 'string');
  }
  t.equal((await request(`${mock.url}/__umc/clock`)).json.offsetSeconds, 0);
});

t.test('reset returns to the initial state: tokens gone, clock back', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 60 });
  const res = await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.same(res.json, { reset: true, scenario: 'default' });
  t.equal((await postForm(`${mock.url}/message/replyMessage`, { token })).json.rspCode, '500003', 'tokens issued before the reset are gone');
  t.equal((await request(`${mock.url}/__umc/clock`)).json.offsetSeconds, 0);
  mock.platform.app('MSG123456')!.status = 'disabled';
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.equal(mock.platform.app('MSG123456')!.status, 'enabled', 'apps come back as the scenario defines them');
});

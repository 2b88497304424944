// Listings bounded by bytes, not only by count (issue 23): a message view carries a summary of all
// its receivers and the rows of the first few, the rest are paged; every listing stops at 1 MiB of
// JSON and says where the next page starts. Over HTTP, on a mock started on port 0.
import t from 'tap';
import { loadScenario } from '../src/store/scenarios.js';
import { getToken, postForm, request, startTestMock } from './helpers/mock.js';

const SEND = { msgtitle: '选课提醒', msgType: '1', sendStatus: '1', sendMode: 'normal', sendChannel: 'Portal' };
/** What a page may hold: 1 MiB of items, and the few bytes of the answer around them. */
const PAGE_MAX = 1024 * 1024 + 1024;

async function send(base: string, token: string, receivers: string[], msgContent = '请于周五前完成选课') {
  const res = await postForm(`${base}/message/sendMessageApi`, { token, ...SEND, msgContent, receivers: JSON.stringify(receivers.map((userId) => ({ userId }))) });
  if (res.json.rspCode !== '000000') throw new Error(res.text);
  return res.json.resultData.msgId as string;
}

/** Every page of a listing, following nextOffset (or the journal's nextBeforeId); each answer's size kept. */
async function readPages(url: string, key: string, cursor: 'offset' | 'beforeId' = 'offset') {
  const items: any[] = [];
  const sizes: number[] = [];
  let next: number | undefined;
  do {
    const res = await request(next === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}${cursor}=${next}`);
    if (res.status !== 200) throw new Error(res.text);
    sizes.push(Buffer.byteLength(res.text));
    items.push(...res.json[key]);
    next = cursor === 'offset' ? res.json.nextOffset : res.json.nextBeforeId;
  } while (next !== undefined);
  return { items, sizes };
}

t.test('a message to 121 people: a summary of all, 50 rows, the rest paged', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const users = ['20230001', ...Array.from({ length: 120 }, (_, i) => `outsider${i}`)];
  const msgId = await send(mock.url, token, users);

  const view = (await request(`${mock.url}/__umc/messages/${msgId}`)).json;
  t.equal(view.recipients.length, 50, 'the first 50 rows');
  t.same(view.recipients.map((r: any) => r.user), users.slice(0, 50), 'in the order the send named them');
  t.equal(view.recipientSummary.total, 121, 'the summary counts every receiver');
  const { pending, delivered, failed } = view.recipientSummary;
  t.equal(pending + delivered + failed, 121, 'each receiver counted once, whatever their state');
  await request(`${mock.url}/__umc/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 10 }) });
  const later = (await request(`${mock.url}/__umc/messages/${msgId}`)).json.recipientSummary;
  t.same(later, { total: 121, pending: 0, delivered: 1, failed: 120, inMailbox: 1, read: 0, unsubscribed: 0 }, '120 outside the directory failed; the one person has it in the mailbox');
  await request(`${mock.url}/__umc/users/20230001/read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgId }) });
  t.equal((await request(`${mock.url}/__umc/messages/${msgId}`)).json.recipientSummary.read, 1, 'a read counts at once (the summary of an ended delivery is kept, and forgotten on a read)');

  t.equal((await request(`${mock.url}/__umc/messages/${msgId}?recipients=3`)).json.recipients.length, 3, '?recipients asks for fewer rows');
  t.equal((await request(`${mock.url}/__umc/messages?recipients=0`)).json.messages[0].recipients.length, 0, 'or none');
  t.equal((await request(`${mock.url}/__umc/messages?recipients=1001`)).status, 400, 'at most 1,000 rows a view');
  const own = (await request(`${mock.url}/__umc/messages?userId=outsider99`)).json.messages;
  t.same(own.map((m: any) => m.recipients.map((r: any) => r.user)), [['outsider99']], "with userId: that receiver's row alone");

  const first = (await request(`${mock.url}/__umc/messages/${msgId}/recipients?limit=50`)).json;
  t.match(first, { msgId, total: 121, nextOffset: 50 });
  const all = await readPages(`${mock.url}/__umc/messages/${msgId}/recipients?limit=50`, 'recipients');
  t.same(all.items.map((r) => r.user), users, 'paged: every receiver once, in order');
  t.match(all.items[120], { user: 'outsider119', status: 'failed', cause: /不在组织架构/ }, 'each with its delivery');
  const past = (await request(`${mock.url}/__umc/messages/${msgId}/recipients?offset=500`)).json;
  t.same([past.recipients, past.nextOffset], [[], undefined], 'past the end: nothing, and no next page');
  t.equal((await request(`${mock.url}/__umc/messages/nope/recipients`)).status, 404);
  t.equal((await request(`${mock.url}/__umc/messages/${msgId}/recipients?limit=0`)).status, 400);
});

t.test('a page of messages stops at 1 MiB; nextOffset reads on, every message once', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const sent: string[] = [];
  // Six bodies of 400 KB: three cannot share a page.
  for (let i = 0; i < 6; i++) sent.push(await send(mock.url, token, ['20230001'], `${'x'.repeat(400_000)}${i}`));
  sent.push(await send(mock.url, token, ['20230002']));
  const page = await request(`${mock.url}/__umc/messages?limit=500`);
  t.equal(page.json.total, 7);
  t.ok(page.json.messages.length < 7 && page.json.nextOffset === page.json.messages.length, `a page of ${page.json.messages.length}, and where the next one starts`);
  const all = await readPages(`${mock.url}/__umc/messages?limit=500`, 'messages');
  t.same(all.items.map((m) => m.msgId), sent.reverse(), 'newest first, every one once');
  t.ok(all.sizes.every((size) => size <= PAGE_MAX), `every page within 1 MiB (${all.sizes.join(', ')} bytes)`);

  const huge = await send(mock.url, token, ['20230001'], 'y'.repeat(1_200_000));
  const alone = await request(`${mock.url}/__umc/messages?limit=2`);
  t.same([alone.json.messages.map((m: any) => m.msgId), alone.json.nextOffset], [[huge], 1], 'one message larger than a page comes alone');
  const named = await readPages(`${mock.url}/__umc/messages?ids=${[huge, ...sent].join(',')}`, 'messages');
  t.equal(named.items.length, 8, 'named ids are all answered, over as many pages as they take');
});

t.test('the directory, the journal and the apps are paged by bytes too', async (t) => {
  const mock = await startTestMock(t, { scenario: loadScenario('large-org', { seed: 7 }) });
  const first = await request(`${mock.url}/__umc/users`);
  t.ok(Buffer.byteLength(first.text) <= PAGE_MAX, `the directory's first page is within 1 MiB (${Buffer.byteLength(first.text)} bytes)`);
  t.ok(first.json.nextOffset > 0 && first.json.users.length === first.json.nextOffset, `${first.json.users.length} of ${first.json.total} people, and where the next page starts`);
  const all = await readPages(`${mock.url}/__umc/users`, 'users');
  t.equal(new Set(all.items.map((u) => u.userId)).size, first.json.total, 'all 30,000 people over the pages, each once');
  t.ok(all.sizes.every((size) => size <= PAGE_MAX));
  t.same((await request(`${mock.url}/__umc/users?limit=2&offset=5`)).json.users.map((u: any) => u.userId), all.items.slice(5, 7).map((u) => u.userId), 'limit and offset as before');

  const token = await getToken(mock.url);
  // Each call keeps its parameters in the journal, bounded (some 6 KB of these): 300 such entries are more than a page.
  const wide = Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`p${k}`, 'x'.repeat(1000)]));
  for (let i = 0; i < 300; i++) await postForm(`${mock.url}/message/getProgress`, { token, msgId: `m${i}`, ...wide });
  const journal = await request(`${mock.url}/__umc/requests`);
  t.ok(Buffer.byteLength(journal.text) <= PAGE_MAX && journal.json.nextBeforeId > 0, `the journal's page stops at 1 MiB (${journal.json.requests.length} entries, ${Buffer.byteLength(journal.text)} bytes)`);
  const entries = await readPages(`${mock.url}/__umc/requests`, 'requests', 'beforeId');
  const ids = entries.items.map((e) => e.id);
  t.same(ids, [...ids].sort((a, b) => b - a), 'older pages follow, newest first');
  t.equal(new Set(ids).size, ids.length, 'no entry twice');
  t.ok(ids.length >= 301, `every entry reached (${ids.length})`);

  const apps = (await request(`${mock.url}/__umc/apps`)).json;
  const one = (await request(`${mock.url}/__umc/apps?limit=1&offset=1`)).json;
  t.same([one.total, one.apps.map((a: any) => a.appId), one.nextOffset], [apps.total, [apps.apps[1].appId], apps.total > 2 ? 2 : undefined], 'apps page with limit and offset');
});

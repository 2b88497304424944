// The dev inbox's data: read once when the page opens, then kept current from /__umc/events. An
// event names what changed (a msgId, the msgIds a delivery moved, a person), and only that is read
// again: the directory (30,000 people on large-org, 8.5 MB) is read once, and again only after a
// reset or a scenario load. Uses state, api, render and toast from app.js.
'use strict';

/** Newest messages kept (and shown, in pages); older ones come with "show more". */
const MESSAGE_WINDOW = 500;
const JOURNAL_WINDOW = 300;
/** Most ids the control plane takes in one ?ids= (control-plane.yaml). */
const MESSAGE_IDS_MAX = 200;
const USER_IDS_MAX = 500;

function nothingPending() {
  return { everything: false, lists: false, messages: false, clockMoved: false, messageIds: new Set(), userIds: new Set(), journal: false, journalAll: false, templates: false, templatesAll: false, cards: false, apps: false, replies: false };
}

/** What the next sync reads again; filled by events and by the page's own actions. */
const pending = nothingPending();

/**
 * Every item of a listing: a page ends at 1 MiB of JSON (control-plane.yaml's NextOffset), and
 * its nextOffset says where the next one starts. `key`: the answer's list (users, items…).
 */
async function readAll(path, key, offset = 0) {
  const sep = path.includes('?') ? '&' : '?';
  const page = (from) => api(from ? `${path}${sep}offset=${from}` : path);
  let answer = await page(offset);
  const items = answer[key];
  while (answer.nextOffset !== undefined) {
    answer = await page(answer.nextOffset);
    items.push(...answer[key]);
  }
  return { ...answer, [key]: items };
}

function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Changes to the lists mean the derived views (who got what) must be worked out again. */
function dataChanged() {
  state.dataVersion = (state.dataVersion ?? 0) + 1;
}

async function loadEverything() {
  const lists = Promise.all([
    api('/__umc/health'),
    api(`/__umc/messages?limit=${MESSAGE_WINDOW}`),
    readAll('/__umc/apps', 'apps'),
    readAll('/__umc/wechat/messages', 'items'),
    readAll('/__umc/cards', 'items'),
    api(`/__umc/requests?limit=${JOURNAL_WINDOW}`),
    api('/__umc/clock'),
  ]);
  const [health, messages, apps, templates, cards, requests, clock] = await lists;
  state.scenario = health.scenario;
  state.profile = health.profile;
  state.data = { ...state.data, messages: messages.messages, messagesTotal: messages.total, apps: apps.apps, templates: templates.items, cards: cards.items, requests: requests.requests, clock };
  state.moreReceivers.clear();
  state.personRows = null;
  state.personReplies = null;
  // When the page opens, the messages are drawn while a large directory is still on its way
  // (receivers carry their names); the people views fill in when it lands.
  if (!state.loaded) {
    state.loaded = true;
    dataChanged();
    render();
  }
  // Asked for once the lists are in: a browser opens six connections to a host, and a directory of
  // megabytes must hold up neither the lists nor the event stream.
  let users;
  try {
    // A page at a time (1 MiB each: large-org's 30,000 people are nine), so that no answer holds them all.
    ({ users } = await readAll('/__umc/users', 'users'));
  } catch (err) {
    // The next sync tries the whole first load again.
    state.loaded = false;
    throw err;
  }
  state.data.users = users;
  state.usersById = new Map(users.map((u) => [u.userId, u]));
}

/** Everything but the directory (after the stream reconnects: what happened meanwhile is unknown). */
async function loadLists() {
  const health = await api('/__umc/health');
  // A mock restarted meanwhile may answer by another profile, or none.
  state.profile = health.profile;
  // Another scenario was loaded meanwhile: its people too.
  if (health.scenario !== state.scenario) return loadEverything();
  await Promise.all([loadMessages(), loadJournal(), loadTemplates(), loadCards(true), loadApps(), loadClock(), state.personReplies ? loadPersonReplies(state.personReplies.userId) : null]);
}

async function loadMessages() {
  const answer = await api(`/__umc/messages?limit=${Math.max(MESSAGE_WINDOW, state.data.messages.length)}`);
  state.data.messages = answer.messages;
  state.data.messagesTotal = answer.total;
}

/** The next page of older messages (the "show more" of 全部消息). */
async function loadOlderMessages() {
  const answer = await api(`/__umc/messages?limit=${MESSAGE_WINDOW}&offset=${state.data.messages.length}`);
  const known = new Set(state.data.messages.map((m) => m.msgId));
  state.data.messages.push(...answer.messages.filter((m) => !known.has(m.msgId)));
  state.data.messagesTotal = answer.total;
  dataChanged();
}

/** The messages named: changed ones replaced where they are, new ones on top (newest first). */
async function loadMessagesById(ids) {
  for (const part of chunks(ids, MESSAGE_IDS_MAX)) {
    const answer = await readAll(`/__umc/messages?ids=${part.map(encodeURIComponent).join(',')}`, 'messages');
    const byId = new Map(answer.messages.map((m) => [m.msgId, m]));
    const list = state.data.messages.map((m) => byId.get(m.msgId) ?? m);
    const known = new Set(list.map((m) => m.msgId));
    const added = answer.messages.filter((m) => !known.has(m.msgId));
    state.data.messages = [...added, ...list];
    state.data.messagesTotal += added.length;
  }
}

/** Whether a message read has more receivers than its view carries rows for (over 50). */
function someMessageCut() {
  return state.data.messages.some((m) => m.recipientSummary.total > m.recipients.length);
}

/** The person's own row of each message they received (the newest MESSAGE_WINDOW): for messages whose rows stop before them. */
async function loadPersonRows(userId) {
  const answer = await readAll(`/__umc/messages?userId=${encodeURIComponent(userId)}&limit=${MESSAGE_WINDOW}`, 'messages');
  state.personRows = { userId, messages: answer.messages };
}

/**
 * A person view asks for its person's rows: read once per person chosen, and only when some message
 * has more receivers than its view carries (else every row is already here).
 */
function wantPersonRows(userId) {
  if (!userId || state.personRows?.userId === userId || !someMessageCut()) return;
  readForPerson('personRows', { userId, messages: [] }, loadPersonRows);
}

/** Marks `slot` of the state as read for this person (so that it is asked once), reads it, then draws. */
function readForPerson(slot, empty, load) {
  state[slot] = empty;
  load(empty.userId)
    .then(() => {
      dataChanged();
      render();
    })
    .catch((err) => toast(err.message, true));
}

/** The person's replies, those 5.2.3 has still to take and those it took (each message keeps its newest 100), oldest first. */
async function loadPersonReplies(userId) {
  const answer = await readAll(`/__umc/replies?userId=${encodeURIComponent(userId)}&state=all`, 'replies');
  if (state.personReplies?.userId === userId) state.personReplies = { userId, replies: answer.replies };
}

/** A person view asks for its person's replies: read once per person chosen, then again when a reply or 5.2.3 changes them. */
function wantPersonReplies(userId) {
  if (!userId || state.personReplies?.userId === userId) return;
  readForPerson('personReplies', { userId, replies: [] }, loadPersonReplies);
}

/** The person's replies to a message, oldest first (none until read). */
function repliesOf(userId, msgId) {
  const own = state.personReplies;
  return own && own.userId === userId ? own.replies.filter((r) => r.msgId === msgId) : [];
}

async function loadUsersById(ids) {
  for (const part of chunks(ids, USER_IDS_MAX)) {
    const answer = await api(`/__umc/users?ids=${part.map(encodeURIComponent).join(',')}`);
    for (const user of answer.users) {
      const old = state.usersById.get(user.userId);
      if (old) state.data.users[state.data.users.indexOf(old)] = user;
      else state.data.users.push(user);
      state.usersById.set(user.userId, user);
    }
  }
}

/** New journal entries only, unless it was emptied (a reset, DELETE /__umc/requests). */
async function loadJournal(all = true) {
  const newest = state.data.requests[0]?.id;
  if (all || newest === undefined) {
    state.data.requests = (await api(`/__umc/requests?limit=${JOURNAL_WINDOW}`)).requests;
    return;
  }
  const answer = await api(`/__umc/requests?afterId=${newest}&limit=${JOURNAL_WINDOW}`);
  state.data.requests = [...answer.requests, ...state.data.requests].slice(0, JOURNAL_WINDOW);
}

/** Template messages are listed oldest first: a send adds at the end, a 5.4.1 may change any. */
async function loadTemplates(all = true) {
  if (all) {
    state.data.templates = (await readAll('/__umc/wechat/messages', 'items')).items;
    return;
  }
  state.data.templates.push(...(await readAll('/__umc/wechat/messages', 'items', state.data.templates.length)).items);
}

/** Cards never change once sent: only the new ones. */
async function loadCards(all = false) {
  if (all) state.data.cards = (await readAll('/__umc/cards', 'items')).items;
  else state.data.cards.push(...(await readAll('/__umc/cards', 'items', state.data.cards.length)).items);
}

async function loadApps() {
  state.data.apps = (await readAll('/__umc/apps', 'apps')).apps;
}

async function loadClock() {
  state.data.clock = await api('/__umc/clock');
}

function isLoaded(msgId) {
  return state.data.messages.some((m) => m.msgId === msgId);
}

/**
 * A message to read again: one the page shows, or a new one (a send). A change to an older message
 * outside the page's window is not fetched: it would land on top as if it were new.
 */
function noteMessage(msgId, isNew) {
  if (isNew || pending.messageIds.has(msgId) || isLoaded(msgId)) pending.messageIds.add(msgId);
}

/** Routes of control-plane actions, and what each makes the page read again. */
function noteAction(event) {
  const route = event.route ?? '';
  if (route === 'POST /__umc/reset' || route === 'POST /__umc/scenario') pending.everything = true;
  else if (route === 'POST /__umc/clock') pending.clockMoved = true;
  else if (route.startsWith('POST /__umc/users/:userId/') && /subscribe$/.test(route)) pending.userIds.add(event.userId);
  else if (route.startsWith('POST /__umc/apps')) pending.apps = true;
  else if (route.startsWith('DELETE /__umc/requests')) pending.journalAll = true;
  else if (route.startsWith('POST /__umc/faults') || route.startsWith('DELETE /__umc/faults')) return;
  else if (event.msgId) {
    noteMessage(event.msgId, false);
    if (route === 'POST /__umc/users/:userId/replies' && event.userId === state.personReplies?.userId) pending.replies = true;
    // A todo-state may be a template todo's (5.3.3 messageId).
    if (route.includes('todo-state') && !isLoaded(event.msgId)) pending.templatesAll = true;
  } else if (!route.startsWith('POST /__umc/users/:userId/replies')) pending.lists = true;
}

/** One event from the stream: what it names goes on the list for the next sync. */
function noteEvent(event) {
  if (event.type === 'hello') {
    // The first hello opens the stream the page was loaded with; a later one follows a break.
    if (state.listening) pending.lists = true;
    state.listening = true;
  } else if (event.type === 'request') {
    pending.journal = true;
    // 5.2.3 took replies: those shown are pulled now.
    if (event.operationId === 'replyMessage' && state.personReplies) pending.replies = true;
    if (event.operationId === 'sendTemplateApi') pending.templates = true;
    else if (event.operationId === 'cardMessage') pending.cards = true;
    else if (event.msgId) {
      noteMessage(event.msgId, event.operationId === 'sendMessageApi' || event.operationId === 'sendMessageBySMSApi');
      if (event.operationId === 'checkMessageStatusApi' && !isLoaded(event.msgId)) pending.templatesAll = true;
    }
  } else if (event.type === 'delivery') {
    if (!event.msgIds) pending.messages = true;
    for (const msgId of event.msgIds ?? []) noteMessage(msgId, false);
  } else if (event.type === 'action') {
    noteAction(event);
  }
  scheduleSync();
}

function hasPending() {
  return Object.values(pending).some((v) => (v instanceof Set ? v.size > 0 : v));
}

let syncing = null;
let syncAgain = false;
let syncTimer = null;

/** Events come in bursts (a send is a request, then deliveries): one sync a short while after. */
function scheduleSync(delay = 30) {
  clearTimeout(syncTimer);
  syncTimer = setTimeout(sync, delay);
}

/** Reads what the pending list names, then draws once. One sync at a time; what comes meanwhile waits for the next. */
async function sync() {
  if (syncing) {
    syncAgain = true;
    return syncing;
  }
  // Until a first load has worked, any sync is the first load.
  if (!state.loaded) pending.everything = true;
  if (!hasPending()) return;
  const todo = { ...pending, messageIds: [...pending.messageIds], userIds: [...pending.userIds] };
  Object.assign(pending, nothingPending());
  syncing = (async () => {
    try {
      if (todo.everything) await loadEverything();
      else if (todo.lists) await loadLists();
      else {
        // Forward, the deliveries it passed come as a delivery event naming them; set back, a
        // delivered message may be pending again, and only reading the list again tells.
        if (todo.clockMoved) {
          const before = state.data.clock?.offsetSeconds;
          await loadClock();
          if (before === undefined || state.data.clock.offsetSeconds < before) todo.messages = true;
        }
        // The clock goes with anything else: it is one small answer, and the page shows it.
        await Promise.all([
          todo.messages ? loadMessages() : todo.messageIds.length ? loadMessagesById(todo.messageIds) : null,
          // The person shown may be among the receivers whose rows the views do not carry.
          (todo.messages || todo.messageIds.length) && state.personRows ? loadPersonRows(state.personRows.userId) : null,
          todo.userIds.length ? loadUsersById(todo.userIds) : null,
          todo.journal || todo.journalAll ? loadJournal(todo.journalAll) : null,
          todo.templates || todo.templatesAll ? loadTemplates(todo.templatesAll) : null,
          todo.cards ? loadCards() : null,
          todo.apps ? loadApps() : null,
          todo.replies && state.personReplies ? loadPersonReplies(state.personReplies.userId) : null,
          todo.clockMoved ? null : loadClock(),
        ]);
      }
      state.loaded = true;
      dataChanged();
      render();
    } catch (err) {
      toast(err.message, true);
    }
  })();
  await syncing;
  syncing = null;
  if (syncAgain) {
    syncAgain = false;
    await sync();
  }
}

/** The page opens: everything once. */
function loadPage() {
  pending.everything = true;
  return sync();
}

/** After the page's own change: read what it changed now (its event would bring the same a moment later). */
function syncAfter(change) {
  if (change.msgId) noteMessage(change.msgId, false);
  if (change.userId) pending.userIds.add(change.userId);
  if (change.templates) pending.templatesAll = true;
  if (change.clock) pending.clockMoved = true;
  if (change.replies && state.personReplies) pending.replies = true;
  pending.journal = true;
  return sync();
}

// ---------- who got what (worked out once per change of the data, not per person drawn) ----------

let index = null;

/**
 * The messages with the chosen person's row added where their view stops before it (a send to
 * thousands carries 50 rows), and their older messages after the window, newest first as the list.
 */
function withPersonRows(messages) {
  const own = state.personRows;
  if (!own || own.messages.length === 0) return messages;
  const rowOf = new Map(own.messages.map((m) => [m.msgId, m.recipients[0]]));
  const merged = messages.map((m) => {
    const row = rowOf.get(m.msgId);
    rowOf.delete(m.msgId);
    return row && !m.recipients.some((r) => r.user === row.user) ? { ...m, recipients: m.recipients.concat(row) } : m;
  });
  return merged.concat(own.messages.filter((m) => rowOf.has(m.msgId)));
}

/**
 * Per person: their 5.3.1 deliveries by channel (oldest first), their 站内信 mailbox (newest first)
 * with its unread count, and the WeCom cards sent to them.
 */
function inboxIndex() {
  if (index && index.version === state.dataVersion) return index;
  const deliveries = new Map();
  const mailbox = new Map();
  const unread = new Map();
  const cards = new Map();
  const messages = withPersonRows(state.data.messages);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.api !== '5.3.1') continue;
    for (const r of m.recipients) {
      let byChannel = deliveries.get(r.user);
      for (const attempt of r.attempts) {
        // As before: the first attempt on a channel is the one a person sees there.
        if (!byChannel) deliveries.set(r.user, (byChannel = new Map()));
        const list = byChannel.get(attempt.channel) ?? [];
        if (list.at(-1)?.m !== m) list.push({ m, r, attempt });
        byChannel.set(attempt.channel, list);
      }
    }
  }
  for (const m of messages) {
    for (const r of m.recipients) {
      if (!r.inMailbox) continue;
      if (!mailbox.has(r.user)) mailbox.set(r.user, []);
      // A person is once in a message's receivers; the first entry is the one shown.
      if (mailbox.get(r.user).at(-1)?.m === m) continue;
      mailbox.get(r.user).push({ m, r });
      if (m.category === 'todo' ? m.todoState !== '2' : !r.read) unread.set(r.user, (unread.get(r.user) ?? 0) + 1);
    }
  }
  for (const card of state.data.cards) {
    for (const userId of new Set(card.users)) {
      if (!cards.has(userId)) cards.set(userId, []);
      cards.get(userId).push(card);
    }
  }
  index = { version: state.dataVersion, deliveries, mailbox, unread, cards };
  return index;
}

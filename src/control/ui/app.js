// umc-mock dev inbox: what the platform accepted and where each person would see it. Plain DOM,
// data from the /__umc control plane, live through /__umc/events (server-sent events): the data is
// kept in inbox-data.js, the people column in people-list.js.
'use strict';

const WORDS = window.UMC_I18N;
const VIEWS = [
  ['messages', 'navMessages'],
  ['sms', 'navSms'],
  ['wecom', 'navWecom'],
  ['dingtalk', 'navDingtalk'],
  ['mail', 'navMail'],
  ['portal', 'navPortal'],
  ['wechat', 'navWechat'],
  ['journal', 'navJournal'],
];
const CHANNEL_NAMES = {
  zh: { Portal: '站内信', WeChat: '企业微信', DingTalk: '钉钉', Mail: '邮件', SMS: '短信', IntelligenceMode: '智能模式', OfficialAccount: '公众号' },
  en: { Portal: 'Portal', WeChat: 'WeCom', DingTalk: 'DingTalk', Mail: 'Mail', SMS: 'SMS', IntelligenceMode: 'Intelligent', OfficialAccount: 'Official account' },
};

const state = {
  lang: localStorage.getItem('umc-lang') === 'en' ? 'en' : 'zh',
  view: 'messages',
  person: null,
  mail: null,
  portalMsg: null,
  onlyFailures: false,
  journalSearch: '',
  openJournal: new Set(),
  drafts: {},
  peopleSearch: '',
  peopleOffset: 0,
  messagesShown: 50,
  data: { messages: [], messagesTotal: 0, users: [], apps: [], templates: [], cards: [], requests: [], clock: null },
  /** The deployment profile the mock answers by (GET /__umc/health's summary), or null. */
  profile: null,
  usersById: new Map(),
  /** msgId → receiver rows read by "show more" beyond the 50 a message view carries. */
  moreReceivers: new Map(),
  /** The selected person's row of every message they received (GET /__umc/messages?userId=): for messages whose view does not carry it. */
  personRows: null,
  /** The selected person's replies, pending and pulled by 5.2.3 (GET /__umc/replies?userId=&state=all). */
  personReplies: null,
  /** The item of 全部消息 a link opened (#/messages/<id>: a msgId, messageId or cardId), and whether it was scrolled to. */
  focus: null,
  focusShown: false,
  /** {id, message, done}: that item when 全部消息 has not read it (a message older than its window; message null while asked for, or when there is none). */
  focusExtra: null,
  dataVersion: 0,
  loaded: false,
};

/** Messages drawn at first in 全部消息, and how many more each "show more" adds. */
const MESSAGES_PAGE = 50;
/** Receivers drawn under one message (a send may name thousands). */
const RECEIVERS_SHOWN = 50;
/** Phones, template messages: the newest this many are drawn. */
const ITEMS_SHOWN = 100;

// ---------- helpers ----------

function t(key, ...args) {
  const word = WORDS[state.lang][key] ?? WORDS.zh[key] ?? key;
  return typeof word === 'function' ? word(...args) : word;
}

function channelName(channel) {
  return CHANNEL_NAMES[state.lang][channel] ?? channel;
}

/** Builds an element: h('div', {class: 'x', onclick: fn}, 'text', child…). Text is never parsed as HTML. */
/** Only http(s) links are links: a sent message's url may be anything (javascript:, data:…). */
function isWebUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim());
}

/** A link that opens outside the inbox, or plain text when the address is not http(s). */
function outLink(url, attrs, ...children) {
  return isWebUrl(url) ? h('a', { ...attrs, href: url.trim(), target: '_blank', rel: 'noopener noreferrer' }, ...children) : h('span', { ...attrs, class: `${attrs.class ?? ''} not-a-link`.trim(), title: String(url ?? '') }, ...children);
}

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    // A clicked button lets go of the focus, so that live re-rendering (held while a control has it) goes on.
    if (key === 'onclick') el.addEventListener('click', (e) => { e.currentTarget.blur(); value(e); });
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A platform time (China time, from the control plane) that never breaks across lines. */
function timeText(text) {
  return h('span', { class: 'time' }, text);
}

function userById(userId) {
  return state.usersById.get(userId);
}

function appName(appId) {
  const app = state.data.apps.find((a) => a.appId === appId);
  return app ? app.name : appId;
}

function badge(text, kind, extra) {
  return h('span', { class: `badge ${kind ?? ''}`, ...extra }, text);
}

function statusBadge(status) {
  return badge(t(status), status, { 'data-status': status });
}

function toast(text, bad) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.className = bad ? 'bad' : '';
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 4000);
}

// ---------- talking to the control plane ----------

function authHeaders() {
  const token = sessionStorage.getItem('umc-admin-token');
  return token ? { 'x-umc-admin-token': token } : {};
}

let askingToken = null;

/** One prompt for all the requests refused at once (the first load sends eight in parallel); null if cancelled. */
function askAdminToken() {
  askingToken ??= Promise.resolve().then(() => {
    const token = window.prompt(t('adminTokenPrompt'));
    if (token) sessionStorage.setItem('umc-admin-token', token);
    askingToken = null;
    return token || null;
  });
  return askingToken;
}

async function api(path, options = {}) {
  const sentToken = sessionStorage.getItem('umc-admin-token');
  const res = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.body ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) } });
  if (res.status === 401) {
    // Refused with an older token than the one typed meanwhile: retry with that one, ask nobody.
    const stored = sessionStorage.getItem('umc-admin-token');
    if (stored && stored !== sentToken) return api(path, options);
    if (await askAdminToken()) return api(path, options);
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

function post(path, body) {
  return api(path, { method: 'POST', body: JSON.stringify(body ?? {}) });
}

/** A person's action, then a fresh look at what it changed (its event would bring it too). */
async function act(promise, okText, change = {}) {
  try {
    await promise;
    if (okText) toast(okText);
  } catch (err) {
    toast(err.message, true);
  }
  await syncAfter(change);
}

/** Reads /__umc/events with fetch (so the admin token header can go along), reconnecting. */
async function listen() {
  for (;;) {
    try {
      const res = await fetch('/__umc/events', { headers: { ...authHeaders(), accept: 'text/event-stream' } });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      setLive(true);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(chunk);
          if (data && /^event: /m.test(chunk)) noteEvent(JSON.parse(data[1]));
        }
      }
    } catch {
      // reconnect below
    }
    setLive(false);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function setLive(on) {
  const el = document.getElementById('live');
  el.className = `live ${on ? 'on' : 'off'}`;
  el.dataset.i18n = on ? 'live' : 'offline';
  el.textContent = t(el.dataset.i18n);
}

// ---------- rendering ----------

let renderPending = false;

function render() {
  // Never pull the page from under someone typing a reply or pressing a button: render when they let go.
  const active = document.activeElement;
  if (active && ['TEXTAREA', 'INPUT', 'BUTTON', 'SELECT'].includes(active.tagName) && document.getElementById('main').contains(active)) {
    renderPending = true;
    return;
  }
  renderPending = false;
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `umc-mock ${t('appTitle')}`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.getElementById('lang').textContent = t('switchTo');
  document.getElementById('clock').textContent = state.data.clock?.chinaTime ?? '—';
  renderProfile();
  const nav = document.getElementById('nav');
  nav.replaceChildren(...VIEWS.map(([view, key]) => h('a', { href: `#/${view}`, class: view === state.view ? 'active' : '', 'data-view': view }, t(key), countFor(view))));
  const main = document.getElementById('main');
  main.dataset.view = state.view;
  const renderers = { messages: renderMessages, sms: renderSms, wecom: () => renderChat('WeChat'), dingtalk: () => renderChat('DingTalk'), mail: renderMail, portal: renderPortal, wechat: renderWechat, journal: renderJournal };
  showKeepingFrame(main, state.loaded ? renderers[state.view]() : h('p', { class: 'empty' }, '…'));
  showFocus(main);
}

/** Brings the item a link opened into view, once (live redraws must not keep scrolling the page back to it). */
function showFocus(main) {
  if (state.view !== 'messages' || !state.focus || state.focusShown) return;
  const el = main.querySelector(`[data-item="${CSS.escape(state.focus)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  state.focusShown = true;
}

/**
 * Puts a freshly drawn view in `main`, but keeps the HTML body's frame (mail, 站内信) when the view
 * shows the same body at the same depth: a frame taken out of the page is thrown away and loads
 * again when put back, and events redraw the page several times a second. Around the kept frame,
 * everything is the new view's; its ancestors keep their element and take the new attributes (they
 * carry no event handlers).
 */
function showKeepingFrame(main, view) {
  const kept = main.querySelector('iframe.mail-body');
  const twin = view.querySelector('iframe.mail-body');
  const keptPath = kept ? pathTo(main, kept) : [];
  const twinPath = twin ? [view, ...pathTo(view, twin)] : [];
  if (!twin || kept?.srcdoc !== twin.srcdoc || keptPath.length !== twinPath.length || keptPath.some((el, i) => el.tagName !== twinPath[i].tagName)) {
    main.replaceChildren(view);
    return;
  }
  let parent = main;
  let incoming = [view];
  keptPath.forEach((old, i) => {
    const fresh = twinPath[i];
    for (const child of [...parent.childNodes]) if (child !== old) child.remove();
    const at = incoming.indexOf(fresh);
    old.before(...incoming.slice(0, at));
    old.after(...incoming.slice(at + 1));
    for (const { name } of [...old.attributes]) if (!fresh.hasAttribute(name)) old.removeAttribute(name);
    // Setting srcdoc, even to the same text, loads the frame again.
    for (const { name, value } of fresh.attributes) if (name !== 'srcdoc' && old.getAttribute(name) !== value) old.setAttribute(name, value);
    parent = old;
    incoming = [...fresh.childNodes];
  });
}

/** The elements from below `root` down to `el`, outermost first. */
function pathTo(root, el) {
  const path = [];
  for (let node = el; node !== root; node = node.parentNode) path.unshift(node);
  return path;
}

/**
 * Under a deployment profile the mock answers as that deployment did, not as the document's default:
 * say so in the header, the file by name, the counts on hover. Text and a title only, never markup.
 */
function renderProfile() {
  const el = document.getElementById('profile');
  el.hidden = !state.profile;
  if (!state.profile) return;
  el.textContent = t('profileBadge', state.profile.file.split(/[\\/]/).pop());
  el.title = t('profileTitle', state.profile);
}

function countFor(view) {
  const d = state.data;
  const n = { messages: Math.max(d.messages.length, d.messagesTotal) + d.templates.length + d.cards.length, wechat: d.templates.length, journal: d.requests.length }[view];
  return n ? h('span', { class: 'count' }, n) : null;
}

function empty(key) {
  return h('p', { class: 'empty' }, t(key));
}

// ----- all messages -----

/**
 * What 全部消息 lists, newest first: 5.3.1/5.3.2 messages, 5.3.3 template messages and 5.3.4 cards.
 * While older messages are still unread (behind "show more"), template messages and cards older than
 * the oldest message read wait too, so that the list never skips over a message.
 */
function timeline() {
  const d = state.data;
  const oldest = d.messagesTotal > d.messages.length && d.messages.length ? Date.parse(d.messages.at(-1).acceptedAt) : -Infinity;
  const items = d.messages.map((m) => ({ kind: 'message', id: m.msgId, at: Date.parse(m.acceptedAt), m }));
  for (const x of d.templates) if (x.sentAt >= oldest) items.push({ kind: 'template', id: x.messageId, at: x.sentAt, x });
  for (const c of d.cards) if (c.sentAt >= oldest) items.push({ kind: 'card', id: c.cardId, at: c.sentAt, c });
  // Stable: messages keep the order the control plane gave them.
  return items.sort((a, b) => b.at - a.at);
}

function renderMessages() {
  const d = state.data;
  const all = timeline();
  if (all.length === 0 && !state.focusExtra) return empty('noMessages');
  const focused = state.focus ? all.findIndex((item) => item.id === state.focus) : -1;
  // A link to an item further down opens the list that far.
  if (focused >= state.messagesShown) state.messagesShown = Math.ceil((focused + 1) / MESSAGES_PAGE) * MESSAGES_PAGE;
  if (state.focus && focused < 0) wantFocusExtra(state.focus);
  const shown = all.slice(0, state.messagesShown);
  const more = Math.max(d.messages.length, d.messagesTotal) + d.templates.length + d.cards.length - shown.length;
  const extra = state.focus && focused < 0 ? state.focusExtra : null;
  return h(
    'div',
    { class: 'message-list' },
    extra?.id === state.focus ? (extra.message ? itemCard({ kind: 'message', id: extra.id, m: extra.message }) : extra.done ? h('p', { class: 'empty small focus-missing' }, t('focusMissing', state.focus)) : null) : null,
    shown.map(itemCard),
    more > 0 ? h('button', { type: 'button', class: 'show-more', onclick: showMoreMessages }, t('showMore', more)) : null,
  );
}

function itemCard(item) {
  const card = item.kind === 'message' ? messageCard(item.m) : item.kind === 'template' ? templateCard(item.x) : cardItem(item.c);
  card.dataset.item = item.id;
  if (item.id === state.focus) card.classList.add('focused');
  return card;
}

/** A message a link names that 全部消息 has not read (older than its window): read by itself, once. */
function wantFocusExtra(id) {
  if (state.focusExtra?.id === id) return;
  state.focusExtra = { id, message: null, done: false };
  api(`/__umc/messages/${encodeURIComponent(id)}`)
    .then((message) => message, () => null)
    .then((message) => {
      if (state.focusExtra?.id !== id) return;
      state.focusExtra = { id, message, done: true };
      if (state.focus === id) render();
    });
}

/** The next page of 全部消息: from those already read, or older ones from the control plane. */
async function showMoreMessages() {
  state.messagesShown += MESSAGES_PAGE;
  if (state.messagesShown > timeline().length && state.data.messagesTotal > state.data.messages.length) {
    await loadOlderMessages().catch((err) => toast(err.message, true));
  }
  render();
}

/** A message's receiver rows: those its view carries, and those "show more" read since (by msgId). */
function receiverRows(m) {
  const more = state.moreReceivers.get(m.msgId);
  return more ? m.recipients.concat(more.filter((r) => !m.recipients.some((x) => x.user === r.user))) : m.recipients;
}

/** The next receivers of a message, from the control plane (a view carries the first 50 only). */
async function showMoreReceivers(m) {
  const rows = receiverRows(m);
  const answer = await api(`/__umc/messages/${encodeURIComponent(m.msgId)}/recipients?offset=${rows.length}&limit=${RECEIVERS_SHOWN * 4}`);
  state.moreReceivers.set(m.msgId, rows.slice(m.recipients.length).concat(answer.recipients));
  render();
}

function messageCard(m) {
  // Counted by the control plane over every receiver: the rows are only the first ones.
  const { delivered, failed, total } = m.recipientSummary;
  const rows = receiverRows(m);
  return h(
    'article',
    { class: 'message', 'data-msgid': m.msgId },
    h(
      'header',
      {},
      h('h3', {}, m.api === '5.3.2' ? t('smsFrom') : m.title),
      badge(t(`state${m.state}`), `state${m.state}`, { 'data-state': m.state }),
      m.category === 'todo' ? badge(`${t('todo')} · ${m.todoState === '2' ? t('todoDone') : t('todoPending')}`, m.todoState === '2' ? 'done' : 'todo') : badge(t('notice'), 'notice'),
      m.isReply ? badge(t('replyable'), 'reply') : null,
    ),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, t('app')),
      h('dd', {}, `${appName(m.appId)} (${m.appId})`),
      h('dt', {}, t('api')),
      h('dd', {}, m.api),
      h('dt', {}, t('channels')),
      h('dd', {}, m.channels.map((c) => badge(channelName(c), 'channel'))),
      h('dt', {}, t('accepted')),
      h('dd', {}, timeText(m.chinaTime.acceptedAt), Date.parse(m.sendAt) - Date.parse(m.acceptedAt) > 1000 ? [` · ${t('sendAt')} `, timeText(m.chinaTime.sendAt)] : ''),
      h('dt', {}, 'msgId'),
      h('dd', { class: 'mono' }, m.msgId),
    ),
    h('p', { class: 'content' }, m.content.length > 200 ? `${m.content.slice(0, 200)}…` : m.content),
    h(
      'div',
      { class: 'progress' },
      h('span', {}, `${t('progress')} ${delivered + failed}/${total}`),
      h('span', { class: 'bar' }, h('span', { class: 'ok', style: `width:${total ? (delivered / total) * 100 : 0}%` }), h('span', { class: 'bad', style: `width:${total ? (failed / total) * 100 : 0}%` })),
    ),
    h(
      'table',
      { class: 'receivers' },
      h('tbody', {}, rows.map((r) =>
        h(
          'tr',
          { 'data-user': r.user },
          h('td', {}, r.name || userById(r.user)?.name || '', h('span', { class: 'mono dim' }, ` ${r.user}`)),
          h('td', {}, statusBadge(r.status)),
          h('td', {}, r.attempts.map((a) => badge(`${channelName(a.channel)} ${a.status === 'delivered' ? '✓' : a.status === 'failed' ? '✗' : '…'}`, `attempt ${a.status}`, { title: a.cause ?? a.chinaTime }))),
          h('td', { class: 'cause' }, r.cause ?? ''),
        ),
      ), total > rows.length ? h('tr', { class: 'more-receivers' }, h('td', { colspan: 4, class: 'dim small' }, t('moreReceivers', total - rows.length), ' ', h('button', { type: 'button', class: 'small show-receivers', onclick: () => showMoreReceivers(m).catch((err) => toast(err.message, true)) }, t('showMoreReceivers')))) : null, leftOutRows(m)),
    ),
  );
}

/**
 * The people the send named who got nothing because they had unsubscribed from the app (5.3.1's
 * noSubscribeList): rows of the receivers' table, under a line that counts them.
 */
function leftOutRows(m) {
  const count = m.recipientSummary.unsubscribed ?? 0;
  const rows = m.unsubscribed ?? [];
  if (count === 0) return null;
  return [
    h('tr', { class: 'left-out-head' }, h('td', { colspan: 4, class: 'small dim' }, t('leftOut', count))),
    rows.map((u) =>
      h(
        'tr',
        { class: 'left-out', 'data-unsubscribed': u.user },
        h('td', {}, u.name || userById(u.user)?.name || '', h('span', { class: 'mono dim' }, ` ${u.user}`)),
        h('td', {}, badge(t(`reason_${u.reason}`), 'failed', { 'data-reason': u.reason })),
        h('td', {}),
        h('td', {}),
      ),
    ),
    count > rows.length ? h('tr', {}, h('td', { colspan: 4, class: 'dim small' }, t('moreLeftOut', count - rows.length))) : null,
  ];
}

/** A 5.3.3 template message in 全部消息: whom, from which account, the text as WeChat shows it. */
function templateCard(x) {
  const person = userById(x.userId);
  return h(
    'article',
    { class: 'message template-item', 'data-messageid': x.messageId },
    h(
      'header',
      {},
      h('h3', {}, x.templateTitle),
      badge(t('templateMsg'), 'channel'),
      x.state ? badge(x.state === '2' ? t('todoDone') : t('todoPending'), x.state === '2' ? 'done' : 'todo') : badge(t('notice'), 'notice'),
    ),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, t('app')),
      h('dd', {}, `${appName(x.appId)} (${x.appId})`),
      h('dt', {}, t('api')),
      h('dd', {}, '5.3.3'),
      h('dt', {}, t('officialAccount')),
      h('dd', {}, `${x.publicName} (${x.publicId})`),
      h('dt', {}, t('to')),
      h('dd', {}, person?.name ?? '', h('span', { class: 'mono dim' }, ` ${x.userId}`)),
      h('dt', {}, t('sendAt')),
      h('dd', {}, timeText(x.time)),
      h('dt', {}, 'messageId'),
      h('dd', { class: 'mono' }, x.messageId),
    ),
    h('pre', { class: 'content wechat-text' }, x.text.trim()),
  );
}

/** A 5.3.4 WeCom card in 全部消息: whom (and the accounts WeCom skipped), the card as WeCom shows it. */
function cardItem(c) {
  return h(
    'article',
    { class: 'message card-item', 'data-cardid': c.cardId },
    h('header', {}, h('h3', {}, c.title), badge(t('card'), 'channel')),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, t('app')),
      h('dd', {}, `${appName(c.appId)} (${c.appId})`),
      h('dt', {}, t('api')),
      h('dd', {}, '5.3.4'),
      h('dt', {}, t('to')),
      h('dd', {}, c.users.map((u, i) => [i ? '、' : '', userById(u)?.name ?? '', h('span', { class: 'mono dim' }, ` ${u}`)])),
      c.invalidUsers.length ? [h('dt', {}, t('skipped')), h('dd', { class: 'cause', title: t('invalidUsers') }, c.invalidUsers.join('、'))] : null,
      h('dt', {}, t('sendAt')),
      h('dd', {}, timeText(c.time)),
      h('dt', {}, 'cardId'),
      h('dd', { class: 'mono' }, c.cardId),
    ),
    cardBubble(c),
  );
}

// ----- SMS -----

/** Every SMS a phone got: 5.3.2 messages to mobiles, and 5.3.1 messages sent on the SMS channel. */
function smsByPhone() {
  const phones = new Map();
  for (const m of [...state.data.messages].reverse()) {
    for (const r of m.recipients) {
      for (const a of r.attempts) {
        if (a.channel !== 'SMS') continue;
        const person = m.api === '5.3.2' ? null : userById(r.user);
        const number = m.api === '5.3.2' ? r.user : person?.mobile ?? null;
        // Someone without a mobile has no phone: the SMS that could not reach them shows, with its cause, under 全部消息.
        if (!number) continue;
        if (!phones.has(number)) phones.set(number, { number, name: r.name || person?.name || '', items: [] });
        phones.get(number).items.push({ m, attempt: a });
      }
    }
  }
  return [...phones.values()];
}

function renderSms() {
  const phones = smsByPhone();
  if (phones.length === 0) return empty('nothingHere');
  return h('div', { class: 'phones' }, phones.length > ITEMS_SHOWN ? h('p', { class: 'dim small not-shown' }, t('moreNotShown', phones.length - ITEMS_SHOWN)) : null, phones.slice(0, ITEMS_SHOWN).map((phone) =>
    h(
      'div',
      { class: 'phone', 'data-phone': phone.number },
      h('div', { class: 'phone-notch' }),
      h('div', { class: 'phone-head' }, h('b', {}, phone.name || phone.number), h('span', { class: 'mono' }, phone.number)),
      h('div', { class: 'phone-screen' }, phone.items.map(({ m, attempt }) => {
        const { chars, segments } = m.sms;
        return h(
          'div',
          { class: 'sms', 'data-msgid': m.msgId },
          h('div', { class: 'sms-sender' }, appName(m.appId)),
          h('div', { class: `bubble ${attempt.status}` }, m.content),
          h('div', { class: 'sms-meta' }, timeText(attempt.chinaTime), ' · ', h('span', { class: 'segments' }, t('segments', segments, chars)), ' · ', statusBadge(attempt.status)),
          attempt.cause ? h('div', { class: 'cause' }, attempt.cause) : null,
        );
      })),
    ),
  ));
}

// ----- what each person got (the people column itself is people-list.js) -----

/** A person's 5.3.1 deliveries on a channel, oldest first. */
function deliveriesTo(userId, channel) {
  return inboxIndex().deliveries.get(userId)?.get(channel) ?? [];
}

function cardsTo(userId) {
  return inboxIndex().cards.get(userId) ?? [];
}

function replyBox(m, userId) {
  if (!m.isReply) return null;
  const key = `${m.msgId}:${userId}`;
  const input = h('textarea', { class: 'reply-input', rows: 2, placeholder: t('replyPlaceholder'), 'data-msgid': m.msgId, oninput: (e) => (state.drafts[key] = e.target.value) });
  input.value = state.drafts[key] ?? '';
  const sendReply = () => {
    const content = input.value.trim();
    if (!content) return;
    delete state.drafts[key];
    input.value = '';
    input.blur();
    act(post(`/__umc/users/${encodeURIComponent(userId)}/replies`, { msgId: m.msgId, content }), t('replied'), { msgId: m.msgId, replies: true });
  };
  return h('div', { class: 'reply-box' }, input, h('button', { type: 'button', class: 'reply-send', onclick: sendReply }, t('send')));
}

// ----- WeCom / DingTalk chat -----

function cardBubble(card) {
  // WeCom text cards style three div classes; anything else is shown as text.
  const doc = new DOMParser().parseFromString(card.description, 'text/html');
  const parts = doc.body.querySelectorAll('div').length
    ? [...doc.body.querySelectorAll('div')].map((div) => h('div', { class: `card-${['gray', 'highlight', 'normal'].includes(div.className) ? div.className : 'normal'}` }, div.textContent))
    : [h('div', { class: 'card-normal' }, doc.body.textContent)];
  return h(
    'div',
    { class: 'wecom-card', 'data-cardid': card.cardId },
    h('div', { class: 'card-title' }, card.title),
    h('div', { class: 'card-body' }, parts),
    outLink(card.url, { class: 'card-btn' }, card.btnTxt, ' ›'),
    card.truncated && (card.truncated.title || card.truncated.description || card.truncated.btnTxt) ? h('div', { class: 'dim small' }, t('truncated')) : null,
  );
}

function renderChat(channel) {
  const bound = channel === 'WeChat' ? (p) => p.wecomId : (p) => p.dingtalkId;
  const cardsOf = channel === 'WeChat' ? cardsTo : () => [];
  const itemsOf = (p) => deliveriesTo(p.userId, channel).length + cardsOf(p.userId).length;
  const people = peopleColumn((p) => bound(p) || itemsOf(p) > 0, itemsOf, true);
  wantPersonRows(state.person);
  wantPersonReplies(state.person);
  const person = userById(state.person);
  if (!person) return h('div', { class: 'split' }, people, empty('selectPerson'));
  const delivered = deliveriesTo(person.userId, channel);
  const entries = [
    ...delivered.map((d) => ({ at: Date.parse(d.attempt.at), node: chatMessage(d, person.userId) })),
    // The person's answers, where they read the message: the platform keeps no channel for a reply.
    ...delivered.flatMap(({ m }) => repliesOf(person.userId, m.msgId).map((reply) => ({ at: Date.parse(reply.at), node: chatReply(reply, m, person) }))),
    ...cardsOf(person.userId).map((c) => ({ at: c.sentAt, node: h('div', { class: 'chat-row' }, h('span', { class: 'avatar app' }, appName(c.appId).slice(0, 2)), h('div', {}, h('div', { class: 'chat-from' }, appName(c.appId), ' · ', c.time, ' · ', t('card')), cardBubble(c))) })),
  ].sort((a, b) => a.at - b.at);
  return h(
    'div',
    { class: `split chat ${channel === 'WeChat' ? 'wecom' : 'dingtalk'}` },
    people,
    h(
      'section',
      { class: 'conversation' },
      h('header', { class: 'chat-head' }, person.name, h('small', { class: 'dim' }, ` ${channel === 'WeChat' ? person.wecomId ?? t('noReachable') : person.dingtalkId ?? t('noReachable')}`)),
      h('div', { class: 'chat-body' }, entries.length ? entries.map((e) => e.node) : empty('nothingHere')),
    ),
  );
}

function chatMessage({ m, r, attempt }, userId) {
  return h(
    'div',
    { class: 'chat-row', 'data-msgid': m.msgId },
    h('span', { class: 'avatar app' }, appName(m.appId).slice(0, 2)),
    h(
      'div',
      { class: 'chat-content' },
      h('div', { class: 'chat-from' }, appName(m.appId), ' · ', timeText(attempt.chinaTime), ' ', statusBadge(attempt.status)),
      h('div', { class: 'bubble' }, h('b', {}, m.title), h('div', {}, messageText(m))),
      attempt.cause ? h('div', { class: 'cause' }, attempt.cause) : null,
      r.status !== 'pending' ? replyBox(m, userId) : null,
    ),
  );
}

/** The person's reply in a chat: their bubble, the message it answers, when, and whether the app took it with 5.2.3. */
function chatReply(reply, m, person) {
  return h(
    'div',
    { class: 'chat-row mine', 'data-reply-msgid': m.msgId, 'data-reply-state': reply.state },
    h(
      'div',
      { class: 'chat-content' },
      h('div', { class: 'chat-from' }, person.name, ' · ', timeText(reply.time), ' ', replyState(reply)),
      h('div', { class: 'bubble mine' }, h('div', { class: 'quote small dim' }, t('replyTo', m.title)), h('div', { class: 'reply-text' }, reply.content)),
    ),
    h('span', { class: 'avatar' }, person.name.slice(0, 1)),
  );
}

/** Pending (5.2.3 has still to take it) or pulled, with when. */
function replyState(reply) {
  return reply.state === 'pulled' ? badge(t('replyPulled', reply.pulledTime), 'delivered', { 'data-pulled': reply.pulledTime }) : badge(t('replyPending'), 'pending');
}

/** A person's replies to a message under it (站内信): oldest first. */
function replyThread(m, person) {
  const replies = repliesOf(person.userId, m.msgId);
  if (replies.length === 0) return null;
  return h(
    'div',
    { class: 'reply-thread' },
    h('div', { class: 'small dim' }, t('repliesOf', replies.length)),
    replies.map((reply) =>
      h(
        'div',
        { class: 'thread-reply', 'data-reply-state': reply.state },
        h('div', { class: 'small dim' }, person.name, ' · ', timeText(reply.time), ' ', replyState(reply)),
        h('div', { class: 'reply-text' }, reply.content),
      ),
    ),
  );
}

/** A message body as text: links for msgType 2, tags dropped for rich text. */
function messageText(m) {
  if (m.msgType === '2') return outLink(m.content, {}, m.content);
  if (m.msgType === '0') return new DOMParser().parseFromString(m.content, 'text/html').body.textContent;
  return m.content;
}

// ----- Mail -----

function renderMail() {
  const people = peopleColumn((p) => p.email || deliveriesTo(p.userId, 'Mail').length, (p) => deliveriesTo(p.userId, 'Mail').length, true);
  wantPersonRows(state.person);
  const person = userById(state.person);
  if (!person) return h('div', { class: 'split' }, people, empty('selectPerson'));
  const mails = deliveriesTo(person.userId, 'Mail').reverse();
  const open = mails.find((d) => d.m.msgId === state.mail) ?? mails[0];
  return h(
    'div',
    { class: 'split mail' },
    people,
    h(
      'section',
      { class: 'mail-list' },
      mails.length ? mails.map((d) =>
        h(
          'button',
          { type: 'button', class: `mail-item ${d === open ? 'active' : ''}`, 'data-msgid': d.m.msgId, onclick: () => { state.mail = d.m.msgId; render(); } },
          h('b', {}, appName(d.m.appId)),
          h('span', { class: 'dim small time' }, d.attempt.chinaTime),
          h('div', {}, d.m.title),
          statusBadge(d.attempt.status),
        ),
      ) : empty('nothingHere'),
    ),
    h(
      'section',
      { class: 'mail-read' },
      open
        ? [
            h('h2', {}, open.m.title),
            h(
              'dl',
              { class: 'meta' },
              h('dt', {}, t('from')),
              h('dd', {}, `${appName(open.m.appId)} <${open.m.appId.toLowerCase()}@umc-mock.local>`),
              h('dt', {}, t('to')),
              h('dd', {}, `${person.name} <${person.email ?? t('noReachable')}>`),
              h('dt', {}, t('date')),
              h('dd', {}, timeText(open.attempt.chinaTime), ' ', statusBadge(open.attempt.status)),
            ),
            open.attempt.cause ? h('p', { class: 'cause' }, open.attempt.cause) : null,
            // The HTML as sent, in a sandbox (no scripts, no access to this page) that loads nothing (BODY_POLICY).
            h('iframe', { class: 'mail-body', sandbox: '', title: open.m.title, srcdoc: mailHtml(open.m) }),
          ]
        : empty('selectMail'),
    ),
  );
}

/**
 * What a sent HTML body may load when shown: nothing but inline styles and data: images. Its
 * addresses resolve against the mock (<img src="/logo.png">, a 5.1.1 URL): fetched, each would be
 * an API call, journalled, whose event redraws the page, which shows the body again.
 */
const BODY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

function mailHtml(m) {
  const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const body = m.msgType === '0' ? m.content : m.msgType === '2' && isWebUrl(m.content) ? `<a href="${escape(m.content)}">${escape(m.content)}</a>` : m.msgType === '2' ? `<p>${escape(m.content)}</p>` : `<p style="white-space:pre-wrap">${escape(m.content)}</p>`;
  // The policy comes before the body, so it holds for every tag of it.
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${BODY_POLICY}"><body style="font:14px/1.6 system-ui,'Noto Sans CJK SC',sans-serif;margin:16px;color:#222">${body}</body>`;
}

// ----- Portal mailbox (站内信 / 消息中心) -----

/** What is in a person's mailbox, as the control plane says (recipients[].inMailbox), newest first. */
function mailboxOf(userId) {
  return inboxIndex().mailbox.get(userId) ?? [];
}

function unreadCount(userId) {
  return inboxIndex().unread.get(userId) ?? 0;
}

function renderPortal() {
  const people = peopleColumn(() => true, (p) => unreadCount(p.userId), false, (p) => mailboxOf(p.userId).length > 0);
  wantPersonRows(state.person);
  wantPersonReplies(state.person);
  const person = userById(state.person);
  if (!person) return h('div', { class: 'split' }, people, empty('selectPerson'));
  const box = mailboxOf(person.userId);
  const open = box.find((x) => x.m.msgId === state.portalMsg) ?? box[0];
  return h(
    'div',
    { class: 'split portal' },
    people,
    h(
      'section',
      { class: 'mailbox' },
      h('header', { class: 'chat-head' }, person.name, h('small', { class: 'dim' }, ` ${person.userId}`)),
      box.length ? box.map(({ m, r }) =>
        h(
          'button',
          { type: 'button', class: `mailbox-item ${open && open.m === m ? 'active' : ''} ${m.category === 'notice' && !r.read ? 'unread' : ''}`, 'data-msgid': m.msgId, onclick: () => { state.portalMsg = m.msgId; render(); } },
          h('div', {}, h('b', {}, m.title)),
          h('div', { class: 'small dim' }, appName(m.appId), ' · ', timeText(m.chinaTime.sendAt.slice(0, 16))),
          m.category === 'todo'
            ? badge(m.todoState === '2' ? t('todoDone') : t('todoPending'), m.todoState === '2' ? 'done' : 'todo', { 'data-todo': m.todoState })
            : badge(r.read ? t('read') : t('unread'), r.read ? 'read' : 'unread', { 'data-read': String(r.read) }),
        ),
      ) : empty('nothingHere'),
    ),
    h('section', { class: 'mail-read' }, open ? portalDetail(open, person) : empty('selectMail')),
  );
}

function portalDetail({ m, r }, person) {
  const subscribed = !(person.unsubscribedApps ?? []).includes(m.appId);
  const userPath = `/__umc/users/${encodeURIComponent(person.userId)}`;
  return [
    h('h2', {}, m.title),
    h(
      'dl',
      { class: 'meta' },
      h('dt', {}, t('app')),
      h('dd', {}, `${appName(m.appId)} (${m.appId})`, subscribed ? '' : ` · ${t('unsubscribed')}`),
      h('dt', {}, t('sendAt')),
      h('dd', {}, timeText(m.chinaTime.sendAt)),
      h('dt', {}, t('channels')),
      h('dd', {}, r.attempts.map((a) => badge(`${channelName(a.channel)} ${a.status === 'delivered' ? '✓' : '✗'}`, `attempt ${a.status}`, { title: a.cause ?? '' }))),
      m.waitLink ? [h('dt', {}, t('link')), h('dd', {}, outLink(m.waitLink, {}, m.waitLink))] : null,
    ),
    h('iframe', { class: 'mail-body short', sandbox: '', title: m.title, srcdoc: mailHtml(m) }),
    h(
      'div',
      { class: 'actions' },
      m.category === 'notice' && !r.read ? h('button', { type: 'button', class: 'mark-read', onclick: () => act(post(`${userPath}/read`, { msgId: m.msgId }), undefined, { msgId: m.msgId }) }, t('markRead')) : null,
      m.category === 'todo' && m.todoState !== '2' ? h('button', { type: 'button', class: 'complete-todo primary', onclick: () => act(post(`/__umc/messages/${encodeURIComponent(m.msgId)}/todo-state`, { state: '2' }), undefined, { msgId: m.msgId }) }, t('completeTodo')) : null,
      m.category === 'todo' && m.todoState === '2' ? h('button', { type: 'button', class: 'reopen-todo', onclick: () => act(post(`/__umc/messages/${encodeURIComponent(m.msgId)}/todo-state`, { state: '1' }), undefined, { msgId: m.msgId }) }, t('reopenTodo')) : null,
      h('button', { type: 'button', class: subscribed ? 'unsubscribe' : 'subscribe', onclick: () => act(post(`${userPath}/${subscribed ? 'unsubscribe' : 'subscribe'}`, { appId: m.appId }), undefined, { userId: person.userId }) }, subscribed ? t('unsubscribe') : t('subscribe')),
    ),
    replyThread(m, person),
    replyBox(m, person.userId),
  ];
}

// ----- WeChat template messages -----

function renderWechat() {
  const items = state.data.templates.slice(-ITEMS_SHOWN).reverse();
  if (items.length === 0) return empty('nothingHere');
  const notShown = state.data.templates.length - items.length;
  return h('div', { class: 'wechat-list' }, notShown > 0 ? h('p', { class: 'dim small not-shown' }, t('moreNotShown', notShown)) : null, items.map((msg) => {
    const person = userById(msg.userId);
    return h(
      'article',
      { class: 'wechat-msg', 'data-messageid': msg.messageId },
      h('div', { class: 'wechat-account' }, h('span', { class: 'avatar app' }, msg.publicName.slice(0, 2)), h('b', {}, msg.publicName), h('span', { class: 'dim small' }, ` → ${person?.name ?? ''} ${msg.userId}`)),
      h(
        'div',
        { class: 'wechat-card' },
        h('div', { class: 'wechat-title' }, msg.templateTitle),
        h('div', { class: 'dim small' }, timeText(msg.time)),
        h('pre', { class: 'wechat-text' }, msg.text),
        msg.state ? badge(msg.state === '2' ? t('todoDone') : t('todoPending'), msg.state === '2' ? 'done' : 'todo') : null,
        outLink(msg.url, { class: 'wechat-link' }, t('details'), ' ›'),
      ),
      msg.state === '1' ? h('button', { type: 'button', class: 'complete-todo primary', onclick: () => act(post(`/__umc/messages/${encodeURIComponent(msg.messageId)}/todo-state`, { state: '2' }), undefined, { templates: true }) }, t('completeTodo')) : null,
    );
  }));
}

// ----- journal -----

/** The text a journal search looks through: everything a row shows, and what it opens to. */
function journalHaystack(r) {
  return [r.chinaTime, r.method, r.path, r.section, r.operationId, r.appId, r.httpStatus, r.rspCode, r.rspMsg, r.detail, JSON.stringify(r.params), r.answer].join('\n').toLowerCase();
}

/** Shows the rows that hold every word typed, in place: the page does not re-render under someone typing. */
function applyJournalSearch(table) {
  const words = state.journalSearch.toLowerCase().split(/\s+/).filter(Boolean);
  for (const row of table.querySelectorAll('tr.entry')) {
    const hide = !words.every((w) => row.dataset.search.includes(w));
    row.hidden = hide;
    if (row.nextElementSibling?.classList.contains('params')) row.nextElementSibling.hidden = hide;
  }
}

function prettyAnswer(answer) {
  try {
    return JSON.stringify(JSON.parse(answer), null, 2);
  } catch {
    return answer;
  }
}

function renderJournal() {
  const rows = state.data.requests.filter((r) => !state.onlyFailures || (r.rspCode !== '000000' && r.rspCode !== '1'));
  const toggle = h('label', { class: 'filter' }, h('input', { type: 'checkbox', checked: state.onlyFailures, onchange: (e) => { state.onlyFailures = e.target.checked; e.target.blur(); render(); } }), ' ', t('onlyFailures'));
  if (state.data.requests.length === 0) return h('div', {}, empty('journalEmpty'));
  const columns = ['time', 'method', 'path', 'operation', 'app', 'httpStatus', 'rspCode', 'duration', 'rspMsg'];
  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, columns.map((k) => h('th', {}, t(k))))),
    h('tbody', {}, rows.map((r) => {
      const ok = r.rspCode === '000000' || r.rspCode === '1';
      const open = state.openJournal.has(r.id);
      const toggleRow = () => { open ? state.openJournal.delete(r.id) : state.openJournal.add(r.id); render(); };
      return [
        h(
          'tr',
          { class: `entry ${ok ? 'ok' : 'bad'}`, 'data-id': r.id, 'data-search': journalHaystack(r), onclick: toggleRow },
          h('td', { class: 'mono time' }, r.chinaTime),
          h('td', {}, r.method),
          h('td', { class: 'mono' }, r.path),
          h(
            'td',
            {},
            r.section ? `${r.section} ` : '',
            h('span', { class: 'dim' }, r.operationId ?? ''),
            // What the call created or changed, where 全部消息 shows it (the row itself opens the parameters).
            r.msgId ? h('div', {}, h('a', { class: 'msg-link small', href: `#/messages/${encodeURIComponent(r.msgId)}`, title: r.msgId, onclick: (e) => e.stopPropagation() }, t('openMessage'), ' ›')) : null,
          ),
          h('td', {}, r.appId ?? ''),
          h('td', {}, r.httpStatus),
          h('td', {}, r.rspCode ? badge(r.rspCode, ok ? 'delivered' : 'failed') : ''),
          h('td', { class: 'mono duration' }, `${r.durationMs} ms`),
          h('td', { class: 'rspmsg' }, r.rspMsg ?? '', r.detail ? h('div', { class: 'detail small dim' }, r.detail) : null),
        ),
        open
          ? h('tr', { class: 'params' }, h('td', { colspan: columns.length },
            h('div', { class: 'small dim' }, t('params')), h('pre', {}, JSON.stringify(r.params, null, 2)),
            h('div', { class: 'small dim' }, t('answer')), h('div', { class: 'answer' }, r.answer === null ? '—' : prettyAnswer(r.answer))))
          : null,
      ];
    })),
  );
  const search = h('input', { type: 'search', class: 'journal-search', placeholder: t('journalSearch'), value: state.journalSearch, oninput: (e) => { state.journalSearch = e.target.value; applyJournalSearch(table); } });
  applyJournalSearch(table);
  return h('div', { class: 'journal' }, h('div', { class: 'journal-tools' }, search, toggle), h('div', { class: 'journal-scroll' }, table));
}

// ---------- start ----------

/** #/view, or #/messages/<id>: 全部消息 opened at one item (what a journal row links to). */
function route() {
  const [view, id] = location.hash.replace(/^#\/?/, '').split('/');
  state.view = VIEWS.some(([v]) => v === view) ? view : 'messages';
  state.peopleOffset = 0;
  let focus = null;
  try {
    focus = state.view === 'messages' && id ? decodeURIComponent(id) : null;
  } catch {
    // not an id
  }
  if (focus !== state.focus) {
    state.focus = focus;
    state.focusShown = false;
    state.focusExtra = null;
  }
  render();
}

document.getElementById('lang').addEventListener('click', () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('umc-lang', state.lang);
  render();
});
document.getElementById('advance-minute').addEventListener('click', () => act(post('/__umc/clock', { advanceSeconds: 60 }), undefined, { clock: true }));
document.getElementById('advance-hours').addEventListener('click', () => act(post('/__umc/clock', { advanceSeconds: 7200 }), undefined, { clock: true }));
document.getElementById('main').addEventListener('focusout', () => setTimeout(() => renderPending && render(), 0));
window.addEventListener('hashchange', route);
route();
loadPage();
listen();

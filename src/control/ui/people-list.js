// The people column of the chat, mail and 站内信 views: a search box and one page of people at a
// time, so that a directory of 30,000 draws 100 rows, not 30,000. Uses state, h, t and render from app.js.
'use strict';

const PEOPLE_PAGE = 100;

function personMatches(p, words) {
  return p.userId.toLowerCase().includes(words) || p.name.toLowerCase().includes(words);
}

/**
 * `shows`: who belongs in this view's column; `countOf`: what waits for a person (red) or, with
 * `neutral`, how many items there are; `holds`: whether anything was sent to them. People something
 * was sent to come first (in directory order), then the others: on a large directory the receivers
 * are on the first page, not the three-hundredth.
 */
function peopleColumn(shows, countOf, neutral, holds = countOf) {
  const first = [];
  const rest = [];
  for (const p of state.data.users) if (shows(p)) (holds(p) ? first : rest).push(p);
  const people = first.concat(rest);
  const current = state.usersById.get(state.person);
  if (!current || !shows(current)) state.person = people[0]?.userId ?? null;

  const list = h('div', { class: 'people-list' });
  const found = () => {
    const words = state.peopleSearch.trim().toLowerCase();
    return words ? people.filter((p) => personMatches(p, words)) : people;
  };
  const choose = (userId) => {
    state.person = userId;
    state.mail = null;
    state.portalMsg = null;
    render();
  };
  const personButton = (p) => {
    const n = countOf(p);
    return h(
      'button',
      { type: 'button', class: `person ${p.userId === state.person ? 'active' : ''}`, 'data-user': p.userId, onclick: () => choose(p.userId) },
      h('span', { class: 'avatar' }, p.name.slice(0, 1)),
      h('span', { class: 'person-name' }, p.name, h('small', { class: 'mono dim' }, p.userId)),
      n ? h('span', { class: `count ${neutral ? 'neutral' : ''}` }, n) : null,
    );
  };
  // Filled in place: typing in the search box must not wait for (or lose focus to) a whole redraw.
  const fill = () => {
    const matching = found();
    if (state.peopleOffset >= matching.length) state.peopleOffset = 0;
    const from = state.peopleOffset;
    const to = Math.min(from + PEOPLE_PAGE, matching.length);
    const turn = (by) => {
      state.peopleOffset = Math.max(0, from + by);
      fill();
    };
    // replaceChildren prints null as text: only nodes go in.
    const children = [
      ...matching.slice(from, to).map(personButton),
      matching.length === 0 ? h('p', { class: 'empty small' }, t('noPeopleFound')) : null,
      matching.length > PEOPLE_PAGE
        ? h(
            'div',
            { class: 'people-pager' },
            h('button', { type: 'button', class: 'small prev-people', disabled: from === 0, onclick: () => turn(-PEOPLE_PAGE), 'aria-label': t('prevPage') }, '‹'),
            h('span', { class: 'dim small people-range' }, t('peopleRange', from + 1, to, matching.length)),
            h('button', { type: 'button', class: 'small next-people', disabled: to >= matching.length, onclick: () => turn(PEOPLE_PAGE), 'aria-label': t('nextPage') }, '›'),
          )
        : null,
    ];
    list.replaceChildren(...children.filter((child) => child !== null));
  };
  const search = h('input', {
    type: 'search',
    class: 'people-search',
    placeholder: t('peopleSearch'),
    'aria-label': t('peopleSearch'),
    value: state.peopleSearch,
    oninput: (e) => {
      state.peopleSearch = e.target.value;
      state.peopleOffset = 0;
      fill();
    },
    // Enter opens the first person found.
    onkeydown: (e) => {
      const hit = e.key === 'Enter' ? found()[0] : undefined;
      if (!hit) return;
      e.target.blur();
      choose(hit.userId);
    },
  });
  fill();
  return h('aside', { class: 'people' }, h('h4', {}, t('people')), search, list);
}

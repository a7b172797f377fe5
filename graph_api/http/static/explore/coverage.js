// The coverage map: actors × migrant needs as a heat map, filtered by body, place and theme,
// with the gaps (needs nobody covers) and single-actor needs marked. Filters live in the URL.
import { el, explorerHref, gql, replaceChildren, safeUrl, showBanner } from './common.js';

const MATRIX_QUERY = `query Coverage($places: [ID!], $place: ID, $themes: [ID!], $body: ID) {
  coverageMatrix(places: $places, themes: $themes, body: $body) {
    needs { id name nameEn }
    rows {
      actor { id label name nameEn acronym }
      coveredCount
      cells {
        need { id }
        covered
        places { id name isoCode pcode placeType }
        activities
        reached
        targeted
        status
        sources { id title publisher published url }
      }
    }
  }
  coverageGaps(place: $place, themes: $themes, body: $body) {
    uncovered { id }
    singleActor { need { id } actors { id name acronym } }
  }
}`;

const LISTS = {
  places: 'id name isoCode pcode placeType',
  policyThemes: 'id name nameEn',
  coordinationBodies: 'id name nameEn acronym',
};

const $ = (id) => document.getElementById(id);
const FILTERS = ['body', 'place', 'theme'];
let seq = 0;

/** Every node of a Relay list, page by page. */
async function allNodes(field) {
  const nodes = [];
  let after = null;
  for (let page = 0; page < 50; page += 1) {
    const data = await gql(
      `query List($after: String) { ${field}(first: 100, after: $after) { edges { node { ${LISTS[field]} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const connection = data[field];
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}

function filters() {
  return Object.fromEntries(FILTERS.map((name) => [name, $(`filter-${name}`).value]));
}

function queryString(values) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (values[name]) params.set(name, values[name]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function fillSelects() {
  const [places, themes, bodies] = await Promise.all([
    allNodes('places'),
    allNodes('policyThemes'),
    allNodes('coordinationBodies'),
  ]);
  const countries = places.filter((place) => place.placeType === 'country');
  const provinces = places.filter((place) => place.placeType === 'province');
  const regions = places.filter((place) => place.placeType !== 'country' && place.placeType !== 'province');
  const placeOption = (place) => {
    const code = place.isoCode || place.pcode;
    return el('option', { value: place.id, text: code ? `${place.name} (${code})` : place.name });
  };
  $('filter-place').append(
    ...(countries.length ? [el('optgroup', { label: 'Countries' }, countries.map(placeOption))] : []),
    ...(regions.length ? [el('optgroup', { label: 'Regions' }, regions.map(placeOption))] : []),
    ...(provinces.length ? [el('optgroup', { label: 'Provinces' }, provinces.map(placeOption))] : []),
  );
  $('filter-theme').append(
    ...themes.map((theme) => el('option', { value: theme.id, lang: theme.nameEn ? 'en' : 'es', text: theme.nameEn || theme.name })),
  );
  $('filter-body').append(
    ...bodies.map((body) => el('option', { value: body.id, text: `Members of ${body.acronym || body.name}` })),
  );
}

function applyUrl() {
  const params = new URLSearchParams(window.location.search);
  for (const name of FILTERS) {
    const select = $(`filter-${name}`);
    const wanted = params.get(name) || '';
    select.value = wanted;
    // An id the lists do not hold still filters (the API answers for it); keep it selectable.
    if (select.value !== wanted) {
      select.append(el('option', { value: wanted, text: wanted }));
      select.value = wanted;
    }
  }
}

/** 3: nationwide; 2: several regions, or not tied to a place; 1: one or two regions. */
function heat(cell) {
  if (!cell.places.length) return 2;
  if (cell.places.some((place) => place.placeType === 'country' || (place.isoCode && !place.isoCode.includes('-')))) return 3;
  return cell.places.length >= 3 ? 2 : 1;
}

function placeSummary(cell) {
  if (!cell.places.length) return '✓';
  if (cell.places.length === 1) return cell.places[0].isoCode || cell.places[0].pcode || '✓';
  return `${cell.places.length} places`;
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function renderSummary(needs, gaps, single) {
  const byId = new Map(needs.map((need) => [need.id, need]));
  const gapItems = [...gaps].map((id) => byId.get(id)).filter(Boolean);
  const singleItems = [...single.entries()].filter(([id]) => byId.has(id));
  replaceChildren(
    $('summary'),
    el(
      'section',
      { className: `summary-box ${gapItems.length ? 'has-gaps' : 'no-gaps'}`, 'aria-labelledby': 'gaps-title' },
      el('h2', { id: 'gaps-title', text: gapItems.length ? `Gaps: ${plural(gapItems.length, 'need', 'needs')} nobody covers` : 'No gaps' }),
      gapItems.length
        ? el('ul', { className: 'chips' }, gapItems.map((need) => el('li', { className: 'chip gap-chip', title: need.name, text: need.nameEn || need.name })))
        : el('p', { text: 'Every need in the selection is covered by at least one actor.' }),
    ),
    el(
      'section',
      { className: 'summary-box single-box', 'aria-labelledby': 'single-title' },
      el('h2', { id: 'single-title', text: `Resting on a single actor: ${plural(singleItems.length, 'need', 'needs')}` }),
      singleItems.length
        ? el(
            'ul',
            { className: 'chips' },
            singleItems.map(([id, actors]) =>
              el('li', { className: 'chip single-chip', title: byId.get(id).name }, `${byId.get(id).nameEn || byId.get(id).name} — `, actors.map((actor) => actor.acronym || actor.name).join(', ')),
            ),
          )
        : el('p', { text: 'No need rests on one actor alone.' }),
    ),
  );
}

function renderMatrix(matrix, gaps, single) {
  const table = $('matrix');
  const needs = matrix.needs;
  const rows = [...matrix.rows].sort((a, b) => b.coveredCount - a.coveredCount || a.actor.name.localeCompare(b.actor.name));
  const counts = new Map(needs.map((need) => [need.id, 0]));
  for (const row of rows) for (const cell of row.cells) if (cell.covered) counts.set(cell.need.id, (counts.get(cell.need.id) || 0) + 1);

  const header = el(
    'tr',
    {},
    el('th', { scope: 'col', className: 'corner', text: 'Actor' }),
    needs.map((need) => {
      const isGap = gaps.has(need.id);
      const isSingle = single.has(need.id);
      return el(
        'th',
        {
          scope: 'col',
          className: ['need', isGap ? 'gap' : '', isSingle ? 'single' : ''].filter(Boolean).join(' '),
          title: `${need.name} (es)${isGap ? ' — nobody covers it' : isSingle ? ' — one actor only' : ''}`,
          id: `need-${need.id}`,
          dataset: { need: need.id },
        },
        el('span', { className: 'need-name', lang: 'en', text: need.nameEn || need.name }),
        isGap ? el('span', { className: 'badge gap-badge', text: 'Gap' }) : null,
        isSingle ? el('span', { className: 'badge single-badge', text: '1 actor' }) : null,
      );
    }),
    el('th', { scope: 'col', className: 'total', text: 'Needs covered' }),
  );

  const body = rows.map((row) => {
    const cells = new Map(row.cells.map((cell) => [cell.need.id, cell]));
    return el(
      'tr',
      { dataset: { actor: row.actor.id } },
      el(
        'th',
        { scope: 'row', className: 'actor-cell' },
        el('a', { href: explorerHref(row.actor.id), lang: 'es', text: row.actor.name }),
        row.actor.acronym ? el('span', { className: 'acronym', text: row.actor.acronym }) : null,
      ),
      needs.map((need) => {
        const cell = cells.get(need.id);
        const gapClass = gaps.has(need.id) ? 'gap-cell' : '';
        if (!cell || !cell.covered) {
          return el('td', { className: ['empty', gapClass].filter(Boolean).join(' '), dataset: { need: need.id } }, el('span', { className: 'visually-hidden', text: 'not covered' }));
        }
        const level = heat(cell);
        return el(
          'td',
          { className: `covered heat-${level}`, dataset: { need: need.id } },
          el(
            'button',
            {
              type: 'button',
              className: 'cell-button',
              'aria-label': `${row.actor.name} covers ${need.nameEn || need.name}: ${plural(cell.sources.length, 'source', 'sources')}. Details.`,
              'aria-haspopup': 'dialog',
              onclick: () => openCell(row.actor, need, cell),
            },
            placeSummary(cell),
          ),
        );
      }),
      el('td', { className: 'total', text: String(row.coveredCount) }),
    );
  });

  const footer = el(
    'tr',
    {},
    el('th', { scope: 'row', text: 'Actors covering' }),
    needs.map((need) => {
      const count = counts.get(need.id) || 0;
      return el('td', { className: `count ${count === 0 ? 'count-0' : count === 1 ? 'count-1' : 'count-many'}`, dataset: { need: need.id }, text: String(count) });
    }),
    el('td', {}),
  );

  replaceChildren(
    table,
    el('caption', { className: 'visually-hidden', text: 'Coverage of migrant needs by actor' }),
    el('thead', {}, header),
    el('tbody', {}, body),
    el('tfoot', {}, footer),
  );
  table.dataset.state = 'ready';
  $('matrix-status').textContent = rows.length
    ? `${plural(rows.length, 'actor', 'actors')} × ${plural(needs.length, 'need', 'needs')}.`
    : 'No actor in this selection has recorded coverage.';
}

function openCell(actor, need, cell) {
  const dialog = $('cell-dialog');
  $('cell-title').textContent = `${actor.acronym || actor.name} · ${need.nameEn || need.name}`;
  const places = cell.places.map((place) => {
    const code = place.isoCode || place.pcode;
    return `${place.name}${code ? ` (${code})` : ''}`;
  });
  // Counts of people come from 3W/5W sheets: shown when a sheet gave them.
  const figures = [
    cell.reached != null ? `${cell.reached.toLocaleString('en')} reached` : null,
    cell.targeted != null ? `${cell.targeted.toLocaleString('en')} targeted` : null,
  ].filter(Boolean);
  replaceChildren(
    $('cell-body'),
    el('p', {}, el('a', { href: explorerHref(actor.id), text: actor.name }), ' covers ', el('strong', { text: need.nameEn || need.name }), need.nameEn ? el('span', { lang: 'es', className: 'source-meta', text: ` (${need.name})` }) : null),
    el('h3', { text: 'Where' }),
    el('p', { text: places.length ? places.join(', ') : 'Not tied to a place.' }),
    figures.length ? el('h3', { text: 'People' }) : null,
    figures.length ? el('p', { text: figures.join(' of ') + (cell.status.length ? ` (${cell.status.join('; ')})` : '') }) : null,
    cell.activities.length ? el('h3', { text: 'Activities' }) : null,
    cell.activities.length ? el('ul', {}, cell.activities.map((activity) => el('li', { lang: 'es', text: activity }))) : null,
    el('h3', { text: `Sources (${cell.sources.length})` }),
    el(
      'ul',
      { className: 'sources' },
      cell.sources.map((source) => {
        const url = safeUrl(source.url);
        const meta = [source.publisher, source.published].filter(Boolean).join(', ');
        return el(
          'li',
          {},
          el('a', { href: url || explorerHref(source.id), ...(url ? { rel: 'noopener noreferrer', target: '_blank' } : {}), text: source.title }),
          meta ? el('span', { className: 'source-meta', text: ` — ${meta}` }) : null,
        );
      }),
    ),
  );
  dialog.showModal();
}

async function load() {
  const values = filters();
  const mine = ++seq;
  const search = queryString(values);
  window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  $('download-csv').href = `/export/coverage.csv${search}`;
  $('download-hxl').href = `/export/coverage-hxl.csv${search}`;
  $('matrix').dataset.state = 'loading';
  $('matrix-status').textContent = 'Loading…';
  let data;
  try {
    data = await gql(MATRIX_QUERY, {
      places: values.place ? [values.place] : null,
      place: values.place || null,
      themes: values.theme ? [values.theme] : null,
      body: values.body || null,
    });
  } catch (err) {
    if (mine !== seq) return;
    $('matrix').dataset.state = 'error';
    $('matrix-status').textContent = '';
    showBanner(err.message);
    return;
  }
  if (mine !== seq) return;
  $('banner').hidden = true;
  const gaps = new Set(data.coverageGaps.uncovered.map((need) => need.id));
  const single = new Map(data.coverageGaps.singleActor.map((entry) => [entry.need.id, entry.actors]));
  renderSummary(data.coverageMatrix.needs, gaps, single);
  renderMatrix(data.coverageMatrix, gaps, single);
}

async function start() {
  $('cell-close').addEventListener('click', () => $('cell-dialog').close());
  $('cell-dialog').addEventListener('click', (event) => {
    if (event.target === $('cell-dialog')) $('cell-dialog').close();
  });
  try {
    await fillSelects();
  } catch (err) {
    showBanner(`The filters could not be loaded: ${err.message}`);
  }
  applyUrl();
  for (const name of FILTERS) $(`filter-${name}`).addEventListener('change', load);
  $('filters').addEventListener('reset', () => setTimeout(load, 0));
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  window.addEventListener('popstate', () => {
    applyUrl();
    load();
  });
  await load();
}

start();

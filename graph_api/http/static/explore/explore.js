// The explorer page: search, an actor's details and neighbourhood drawn as a network,
// and the path finder. State lives in the URL (?id=…&depth=… or ?tab=paths&from=…&to=…).
import {
  ActorCombobox,
  LABELS,
  el,
  explorerHref,
  gql,
  labelChip,
  labelStyle,
  replaceChildren,
  safeUrl,
  searchActors,
  showBanner,
} from './common.js';

const cytoscape = typeof window.cytoscape === 'function' ? window.cytoscape : null;

const ENTITY_QUERY = `query Entity($id: ID!) {
  entity(id: $id) {
    id label name nameEn description
    sources { id title publisher published url }
    ... on Actor { acronym aliases }
    ... on Institution { kind kindLabel { en es } level country url }
    ... on CoordinationBody { established legalBasis country }
    ... on Program { startDate endDate countries }
    ... on Meeting { date }
    ... on Document { publisher published url language }
    ... on Place { isoCode placeType }
    ... on Population { size sizeApproximate asOf }
    ... on PolicyTheme { gcmObjectives }
  }
}`;

const NEIGHBORHOOD_QUERY = `query Neighborhood($id: ID!, $depth: Int!, $asOf: Date) {
  neighborhood(id: $id, depth: $depth, asOf: $asOf) {
    center { id }
    nodes { id label name nameEn ... on Actor { acronym } }
    edges { type source target since until evidence sources { id title publisher url } }
  }
}`;

const PATHS_QUERY = `query Paths($from: ID!, $to: ID!, $maxLength: Int!) {
  paths(from: $from, to: $to, maxLength: $maxLength, limit: 10) {
    length
    start { id name label ... on Actor { acronym } }
    steps {
      node { id name label ... on Actor { acronym } }
      direction
      relationship { type source target since until evidence sources { id title publisher url } }
    }
  }
}`;

const $ = (id) => document.getElementById(id);

const state = {
  tab: 'actor',
  id: null,
  depth: 1,
  layout: 'concentric',
  asOf: '',
  from: null,
  to: null,
  maxLength: 6,
  seq: 0,
  pathSeq: 0,
  nodes: new Map(),
};

let cy = null;
let pathCy = null;

// ---------------------------------------------------------------- the URL

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  state.tab = params.get('tab') === 'paths' ? 'paths' : 'actor';
  state.id = params.get('id');
  state.depth = clamp(Number.parseInt(params.get('depth') || '1', 10), 1, 3);
  state.layout = params.get('layout') === 'cose' ? 'cose' : 'concentric';
  state.asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') || '') ? params.get('asOf') : '';
  state.from = params.get('from');
  state.to = params.get('to');
  state.maxLength = clamp(Number.parseInt(params.get('max') || '6', 10), 2, 6);
}

function writeUrl(push) {
  const params = new URLSearchParams();
  if (state.tab === 'paths') {
    params.set('tab', 'paths');
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    if (state.maxLength !== 6) params.set('max', String(state.maxLength));
  } else {
    if (state.id) params.set('id', state.id);
    if (state.depth !== 1) params.set('depth', String(state.depth));
    if (state.layout !== 'concentric') params.set('layout', state.layout);
    if (state.asOf) params.set('asOf', state.asOf);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

function clamp(value, low, high) {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low;
}

// ---------------------------------------------------------------- tabs

function showTab(tab, { push = false } = {}) {
  state.tab = tab;
  for (const name of ['actor', 'paths']) {
    const selected = name === tab;
    $(`tab-${name}`).setAttribute('aria-selected', String(selected));
    $(`tab-${name}`).tabIndex = selected ? 0 : -1;
    $(`panel-${name}`).hidden = !selected;
  }
  writeUrl(push);
  const visible = tab === 'actor' ? cy : pathCy;
  if (visible) {
    visible.resize();
    visible.fit(undefined, 30);
  }
}

function setUpTabs() {
  const tabs = [$('tab-actor'), $('tab-paths')];
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => showTab(index === 0 ? 'actor' : 'paths', { push: true }));
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      const next = tabs[(index + 1) % tabs.length];
      next.focus();
      next.click();
    });
  });
}

// ---------------------------------------------------------------- search

let searchSeq = 0;

async function runSearch(text) {
  const seq = ++searchSeq;
  const status = $('search-status');
  const list = $('search-results');
  if (!text.trim()) {
    status.textContent = '';
    replaceChildren(list);
    return;
  }
  status.textContent = 'Searching…';
  let results;
  try {
    results = await searchActors(text, 10);
  } catch (err) {
    if (seq === searchSeq) status.textContent = err.message;
    return;
  }
  if (seq !== searchSeq) return;
  status.textContent = results.length
    ? `${results.length} ${results.length === 1 ? 'actor matches' : 'actors match'} “${text.trim()}”.`
    : `No actor matches “${text.trim()}”.`;
  replaceChildren(
    list,
    results.map((actor) =>
      el(
        'li',
        {},
        el(
          'a',
          { href: explorerHref(actor.id), dataset: { id: actor.id, nav: '' } },
          el('span', { className: 'result-name', text: actor.name }),
          el(
            'span',
            { className: 'result-meta' },
            labelChip(actor.label),
            [actor.acronym, actor.nameEn].filter(Boolean).join(' · '),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- the actor

async function loadActor(id, { push = false } = {}) {
  if (!id) return;
  state.id = id;
  state.tab = 'actor';
  const seq = ++state.seq;
  writeUrl(push);
  $('network').dataset.state = 'loading';
  $('selection').hidden = true;
  const [entity, neighborhood] = await Promise.allSettled([
    gql(ENTITY_QUERY, { id }),
    gql(NEIGHBORHOOD_QUERY, { id, depth: state.depth, asOf: state.asOf || null }),
  ]);
  if (seq !== state.seq) return;
  if (entity.status === 'rejected') {
    renderMessage($('actor'), entity.reason.message, 'error');
  } else if (!entity.value.entity) {
    renderMessage($('actor'), `Nothing in the graph has the id “${id}”.`, 'error');
  } else {
    renderActor(entity.value.entity);
    document.title = `${entity.value.entity.name} — migragraph explorer`;
  }
  if (neighborhood.status === 'rejected') {
    clearNetwork(neighborhood.reason.message);
    renderMessage($('relations'), neighborhood.reason.message, 'error');
  } else if (!neighborhood.value.neighborhood) {
    clearNetwork('No network to draw.');
    renderMessage($('relations'), 'No relationships.', 'info');
  } else {
    const hood = neighborhood.value.neighborhood;
    state.nodes = new Map(hood.nodes.map((node) => [node.id, node]));
    drawNetwork(hood, id);
    renderRelations(hood, id);
  }
}

function renderMessage(container, text, kind) {
  replaceChildren(container, el('p', { className: kind === 'error' ? 'message error' : 'placeholder', text }));
}

function fact(term, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return [];
  return [el('dt', { text: term }), el('dd', {}, Array.isArray(value) ? value.join('; ') : String(value))];
}

function sourceItem(source) {
  const url = safeUrl(source.url);
  const title = url
    ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: source.title })
    : el('a', { href: explorerHref(source.id), dataset: { id: source.id, nav: '' }, text: source.title });
  const meta = [source.publisher, source.published].filter(Boolean).join(', ');
  return el('li', {}, title, meta ? el('span', { className: 'source-meta', text: ` — ${meta}` }) : null);
}

function renderActor(entity) {
  const kind = entity.kindLabel ? entity.kindLabel.en : null;
  const facts = [
    ...fact('Acronym', entity.acronym),
    ...fact('Also known as', entity.aliases),
    ...fact('Kind', kind),
    ...fact('Level', entity.level),
    ...fact('Country', entity.country || (entity.countries && entity.countries.join(', '))),
    ...fact('Established', entity.established),
    ...fact('Legal basis', entity.legalBasis),
    ...fact('Start', entity.startDate),
    ...fact('End', entity.endDate),
    ...fact('Date', entity.date),
    ...fact('ISO code', entity.isoCode),
    ...fact('Size', entity.size === null || entity.size === undefined ? null : `${entity.sizeApproximate ? 'about ' : ''}${entity.size}`),
    ...fact('GCM objectives', entity.gcmObjectives),
    ...fact('Publisher', entity.label === 'Document' ? entity.publisher : null),
    ...fact('Id', entity.id),
  ];
  const website = safeUrl(entity.url);
  const actions = el(
    'div',
    { className: 'actions' },
    ['Institution', 'Program', 'CoordinationBody'].includes(entity.label)
      ? el('button', { type: 'button', className: 'secondary', onclick: () => startPathFrom(entity) }, 'Find a path from here')
      : null,
    entity.label === 'CoordinationBody'
      ? el('a', { className: 'button secondary', href: `/explore/coverage?body=${encodeURIComponent(entity.id)}` }, 'Coverage of its members')
      : null,
    website ? el('a', { className: 'button secondary', href: website, rel: 'noopener noreferrer', target: '_blank' }, 'Website') : null,
  );
  replaceChildren(
    $('actor'),
    el('div', { className: 'actor-kind' }, labelChip(entity.label), kind ? el('span', { className: 'kind', text: kind }) : null),
    el('h2', { id: 'actor-name', lang: 'es', text: entity.name }),
    entity.nameEn && entity.nameEn !== entity.name ? el('p', { className: 'name-en', lang: 'en', text: entity.nameEn }) : null,
    entity.description ? el('p', { className: 'description', text: entity.description }) : null,
    el('dl', { className: 'facts' }, facts),
    el('h3', { text: `Sources (${entity.sources.length})` }),
    entity.sources.length
      ? el('ul', { className: 'sources' }, entity.sources.map(sourceItem))
      : el('p', { className: 'placeholder', text: 'No source cited.' }),
    actions,
  );
}

function startPathFrom(entity) {
  fromBox.set({ id: entity.id, name: entity.name });
  showTab('paths', { push: true });
  $('path-to').focus();
}

// ---------------------------------------------------------------- the network

function displayName(node) {
  if (node.acronym) return node.acronym;
  return node.name.length > 48 ? `${node.name.slice(0, 46)}…` : node.name;
}

function graphStyle() {
  return [
    {
      selector: 'node',
      style: {
        'background-color': '#777777',
        label: 'data(display)',
        color: '#1b1f24',
        'font-size': 12,
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': 130,
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
        width: 28,
        height: 28,
        'border-width': 2,
        'border-color': '#ffffff',
      },
    },
    ...Object.entries(LABELS).map(([label, style]) => ({
      selector: `node[label = "${label}"]`,
      style: { 'background-color': style.color, shape: style.shape },
    })),
    {
      selector: 'node.center',
      style: { width: 48, height: 48, 'border-width': 4, 'border-color': '#1b1f24', 'font-size': 14, 'font-weight': 'bold', 'text-max-width': 180 },
    },
    { selector: 'node.hover', style: { 'border-color': '#0b5cad', 'border-width': 4 } },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'line-color': '#a3adb8',
        'target-arrow-color': '#a3adb8',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        label: 'data(type)',
        'font-size': 9,
        color: '#3d4852',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': 1,
      },
    },
    {
      selector: 'edge.hover, edge:selected',
      style: { width: 3.5, 'line-color': '#0b5cad', 'target-arrow-color': '#0b5cad', color: '#0b5cad', 'font-size': 10 },
    },
    { selector: 'node.path-end', style: { 'border-width': 4, 'border-color': '#1b1f24', 'font-weight': 'bold' } },
  ];
}

/** Undirected distances from `center` over `edges`. */
function distances(center, edges) {
  const adjacent = new Map();
  for (const edge of edges) {
    if (!adjacent.has(edge.source)) adjacent.set(edge.source, []);
    if (!adjacent.has(edge.target)) adjacent.set(edge.target, []);
    adjacent.get(edge.source).push(edge.target);
    adjacent.get(edge.target).push(edge.source);
  }
  const distance = new Map([[center, 0]]);
  const queue = [center];
  while (queue.length) {
    const here = queue.shift();
    for (const next of adjacent.get(here) || []) {
      if (!distance.has(next)) {
        distance.set(next, distance.get(here) + 1);
        queue.push(next);
      }
    }
  }
  return distance;
}

function elementsOf(nodes, edges, classesOf = () => '') {
  const ids = new Set(nodes.map((node) => node.id));
  return [
    ...nodes.map((node) => ({
      group: 'nodes',
      data: { id: node.id, label: node.label, name: node.name, display: displayName(node) },
      classes: classesOf(node),
    })),
    ...edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge, index) => ({
        group: 'edges',
        data: { id: `e${index}`, source: edge.source, target: edge.target, type: edge.type, edge },
      })),
  ];
}

function newGraph(container) {
  const graph = cytoscape({
    container,
    style: graphStyle(),
    minZoom: 0.2,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
  });
  const tooltip = container === $('network') ? $('tooltip') : null;
  graph.on('mouseover', 'node', (event) => {
    event.target.addClass('hover');
    container.style.cursor = 'pointer';
    if (tooltip) {
      const node = event.target;
      const position = node.renderedPosition();
      tooltip.textContent = `${node.data('name')} · ${labelStyle(node.data('label')).en}`;
      tooltip.hidden = false;
      tooltip.style.left = `${position.x + 18}px`;
      tooltip.style.top = `${position.y - 14}px`;
    }
  });
  graph.on('mouseout', 'node', (event) => {
    event.target.removeClass('hover');
    container.style.cursor = '';
    if (tooltip) tooltip.hidden = true;
  });
  graph.on('mouseover', 'edge', (event) => event.target.addClass('hover'));
  graph.on('mouseout', 'edge', (event) => event.target.removeClass('hover'));
  graph.on('tap', 'edge', (event) => showRelationship(event.target.data('edge')));
  graph.on('tap', 'node', (event) => {
    if (tooltip) tooltip.hidden = true;
    const id = event.target.id();
    if (id !== state.id || state.tab !== 'actor') loadActor(id, { push: true });
  });
  return graph;
}

function runLayout(graph, options) {
  return new Promise((resolve) => {
    const layout = graph.layout(options);
    layout.one('layoutstop', () => resolve());
    layout.run();
  });
}

async function drawNetwork(hood, centerId) {
  const container = $('network');
  $('graph-title').textContent = `Network of ${displayName(hood.nodes.find((node) => node.id === centerId) || { name: centerId })}`;
  $('graph-count').textContent = `${hood.nodes.length} nodes · ${hood.edges.length} relationships · depth ${state.depth}`;
  $('network-empty').hidden = true;
  renderLegend($('legend'), hood.nodes);
  if (!cytoscape) {
    container.dataset.state = 'unavailable';
    return;
  }
  if (!cy) cy = newGraph(container);
  const distance = distances(centerId, hood.edges);
  const far = Math.max(1, ...distance.values());
  cy.elements().remove();
  cy.add(elementsOf(hood.nodes, hood.edges, (node) => (node.id === centerId ? 'center' : '')));
  cy.resize();
  const options =
    state.layout === 'cose'
      ? { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 90, nodeRepulsion: () => 9000, padding: 30, randomize: false }
      : {
          name: 'concentric',
          animate: false,
          concentric: (node) => far - (distance.get(node.id()) ?? far),
          levelWidth: () => 1,
          minNodeSpacing: 64,
          avoidOverlap: true,
          padding: 20,
        };
  await runLayout(cy, options);
  cy.fit(undefined, 20);
  container.dataset.center = centerId;
  container.dataset.state = 'ready';
}

function clearNetwork(message) {
  const container = $('network');
  if (cy) cy.elements().remove();
  container.dataset.state = 'error';
  $('graph-title').textContent = 'Network';
  $('graph-count').textContent = '';
  replaceChildren($('legend'), el('li', { className: 'message error', text: message }));
}

function renderLegend(list, nodes) {
  const counts = new Map();
  for (const node of nodes) counts.set(node.label, (counts.get(node.label) || 0) + 1);
  replaceChildren(
    list,
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([label, count]) => {
        const style = labelStyle(label);
        const swatch = el('span', { className: `swatch shape-${style.shape}`, 'aria-hidden': 'true' });
        swatch.style.backgroundColor = style.color;
        return el('li', { dataset: { label } }, swatch, `${style.en} (${count})`);
      }),
  );
}

function nameOf(id) {
  const node = state.nodes.get(id);
  return node ? node.name : id;
}

function nodeLink(id, name) {
  return el('a', { href: explorerHref(id), dataset: { id, nav: '' }, text: name || nameOf(id) });
}

function sourcesLine(sources) {
  if (!sources.length) return el('span', { className: 'placeholder', text: 'no source' });
  return el(
    'ul',
    { className: 'sources compact' },
    sources.map((source) => sourceItem(source)),
  );
}

function renderRelations(hood, centerId) {
  const direct = hood.edges.filter((edge) => edge.source === centerId || edge.target === centerId);
  $('relations-title').textContent = `Direct relationships (${direct.length})`;
  if (!direct.length) {
    renderMessage($('relations'), 'No relationships (outside provenance) at this date.', 'info');
    return;
  }
  direct.sort((a, b) => a.type.localeCompare(b.type) || nameOf(a.source === centerId ? a.target : a.source).localeCompare(nameOf(b.source === centerId ? b.target : b.source)));
  const rows = direct.map((edge) => {
    const outgoing = edge.source === centerId;
    const other = outgoing ? edge.target : edge.source;
    const otherNode = state.nodes.get(other);
    const when = [edge.since && `since ${edge.since}`, edge.until && `until ${edge.until}`].filter(Boolean).join(', ');
    return el(
      'tr',
      { dataset: { type: edge.type } },
      el('td', {}, el('code', { text: outgoing ? `${edge.type} →` : `← ${edge.type}` })),
      el('td', {}, otherNode ? labelChip(otherNode.label) : null, ' ', nodeLink(other)),
      el('td', {}, edge.evidence ? el('span', { text: edge.evidence }) : null, when ? el('span', { className: 'source-meta', text: ` (${when})` }) : null),
      el('td', {}, sourcesLine(edge.sources)),
    );
  });
  replaceChildren(
    $('relations'),
    el(
      'table',
      { className: 'relations' },
      el('caption', { className: 'visually-hidden', text: `Relationships of ${nameOf(centerId)}` }),
      el('thead', {}, el('tr', {}, ['Relationship', 'With', 'Evidence', 'Sources'].map((text) => el('th', { scope: 'col', text })))),
      el('tbody', {}, rows),
    ),
  );
}

function showRelationship(edge) {
  const panel = $('selection');
  const when = [edge.since && `since ${edge.since}`, edge.until && `until ${edge.until}`].filter(Boolean).join(', ');
  replaceChildren(
    panel,
    el(
      'div',
      { className: 'selection-head' },
      el('h2', { text: 'Relationship' }),
      el('button', { type: 'button', className: 'secondary small', onclick: () => { panel.hidden = true; } }, 'Close'),
    ),
    el('p', { className: 'relationship' }, nodeLink(edge.source), el('code', { text: ` —${edge.type}→ ` }), nodeLink(edge.target)),
    when ? el('p', { className: 'source-meta', text: when }) : null,
    edge.evidence ? el('blockquote', { className: 'evidence', text: edge.evidence }) : null,
    el('h3', { text: `Sources (${edge.sources.length})` }),
    sourcesLine(edge.sources),
  );
  panel.hidden = false;
}

// ---------------------------------------------------------------- paths

let fromBox = null;
let toBox = null;

async function findPaths({ push = true } = {}) {
  const status = $('path-status');
  const seq = ++state.pathSeq;
  status.textContent = 'Looking…';
  let from;
  let to;
  try {
    [from, to] = await Promise.all([fromBox.resolve(), toBox.resolve()]);
  } catch (err) {
    status.textContent = err.message;
    return;
  }
  if (!from || !to) {
    status.textContent = !from ? 'Choose where the path starts.' : 'Choose where the path ends.';
    return;
  }
  state.from = from;
  state.to = to;
  state.maxLength = Number.parseInt($('path-max').value, 10);
  writeUrl(push);
  let data;
  try {
    data = await gql(PATHS_QUERY, { from, to, maxLength: state.maxLength });
  } catch (err) {
    if (seq === state.pathSeq) {
      status.textContent = '';
      renderMessage($('path-results'), err.message, 'error');
    }
    return;
  }
  if (seq !== state.pathSeq) return;
  const paths = data.paths;
  status.textContent = paths.length
    ? `${paths.length} shortest ${paths.length === 1 ? 'path' : 'paths'} of ${paths[0].length} ${paths[0].length === 1 ? 'step' : 'steps'}.`
    : `No path of at most ${state.maxLength} steps.`;
  renderPaths(paths);
  drawPaths(paths);
}

function renderPaths(paths) {
  const results = $('path-results');
  if (!paths.length) {
    renderMessage(results, 'These two actors are not connected within that many steps.', 'info');
    return;
  }
  replaceChildren(
    results,
    paths.map((path, index) => {
      const names = new Map([[path.start.id, path.start.name], ...path.steps.map((step) => [step.node.id, step.node.name])]);
      return el(
        'section',
        { className: 'path', 'aria-label': `Path ${index + 1}` },
        el('h3', { text: `Path ${index + 1} · ${path.length} ${path.length === 1 ? 'step' : 'steps'}` }),
        el(
          'ol',
          { className: 'steps' },
          el('li', { className: 'step-start' }, labelChip(path.start.label), ' ', nodeLink(path.start.id, path.start.name)),
          path.steps.map((step) => {
            const rel = step.relationship;
            const arrow = step.direction === 'OUT' ? `—${rel.type}→` : `←${rel.type}—`;
            return el(
              'li',
              { className: 'step', dataset: { type: rel.type, direction: step.direction } },
              el('div', { className: 'hop' }, el('code', { text: arrow })),
              el('div', { className: 'step-node' }, labelChip(step.node.label), ' ', nodeLink(step.node.id, step.node.name)),
              el(
                'p',
                { className: 'statement' },
                `${names.get(rel.source) || rel.source} ${rel.type} ${names.get(rel.target) || rel.target}`,
              ),
              rel.evidence ? el('blockquote', { className: 'evidence', text: rel.evidence }) : null,
              el('div', { className: 'step-sources' }, el('span', { className: 'source-meta', text: 'Sources: ' }), sourcesLine(rel.sources)),
            );
          }),
        ),
      );
    }),
  );
}

async function drawPaths(paths) {
  const container = $('path-graph');
  const nodes = new Map();
  const edges = new Map();
  const column = new Map();
  for (const path of paths) {
    const chain = [path.start, ...path.steps.map((step) => step.node)];
    chain.forEach((node, index) => {
      if (!nodes.has(node.id)) nodes.set(node.id, node);
      if (!column.has(node.id)) column.set(node.id, index);
    });
    for (const step of path.steps) {
      const rel = step.relationship;
      edges.set(`${rel.source}|${rel.type}|${rel.target}`, rel);
    }
  }
  renderLegend($('path-legend'), [...nodes.values()]);
  if (!cytoscape) {
    container.dataset.state = 'unavailable';
    return;
  }
  if (!pathCy) pathCy = newGraph(container);
  pathCy.elements().remove();
  const ends = new Set(paths.length ? [paths[0].start.id, paths[0].steps.at(-1)?.node.id] : []);
  pathCy.add(elementsOf([...nodes.values()], [...edges.values()], (node) => (ends.has(node.id) ? 'path-end' : '')));
  const rows = new Map();
  const positions = {};
  for (const [id, col] of column) {
    const row = rows.get(col) || 0;
    rows.set(col, row + 1);
    positions[id] = { x: col * 220, y: row * 110 };
  }
  // As tall as the paths need: one row of nodes per parallel path.
  container.style.height = `${Math.min(520, Math.max(220, 130 + 110 * (Math.max(...rows.values()) - 1)))}px`;
  pathCy.resize();
  await runLayout(pathCy, { name: 'preset', positions, padding: 40, fit: true });
  pathCy.fit(undefined, 40);
  container.dataset.state = 'ready';
}

async function presetPathEnds() {
  const ids = [state.from, state.to].filter(Boolean);
  if (!ids.length) return;
  $('path-max').value = String(state.maxLength);
  const found = await Promise.all(ids.map((id) => gql(ENTITY_QUERY, { id }).then((data) => data.entity).catch(() => null)));
  if (state.from) fromBox.set(found[0] || { id: state.from, name: state.from });
  if (state.to) toBox.set(found[ids.length - 1] || { id: state.to, name: state.to });
  if (state.from && state.to) await findPaths({ push: false });
}

// ---------------------------------------------------------------- start

function applyUrl() {
  readUrl();
  $('depth').value = String(state.depth);
  $('layout').value = state.layout;
  $('as-of').value = state.asOf;
  showTab(state.tab);
  if (state.id) loadActor(state.id);
  if (state.tab === 'paths') presetPathEnds();
}

function start() {
  if (!cytoscape) {
    showBanner(
      'The graph-drawing library (Cytoscape.js) did not load, so networks cannot be drawn. ' +
        'Run “npm ci” in the migragraph folder and reload this page. Search, details, relationships and paths still work as lists.',
      'error',
      'vendor-banner',
    );
    for (const id of ['network', 'path-graph']) {
      $(id).dataset.state = 'unavailable';
      $(id).append(el('p', { className: 'placeholder center', text: 'Network drawing unavailable: run npm ci.' }));
    }
  }
  setUpTabs();
  const input = $('search-input');
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    runSearch(input.value);
  });
  let typing = null;
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => runSearch(input.value), 250);
  });
  $('depth').addEventListener('change', () => {
    state.depth = Number.parseInt($('depth').value, 10);
    if (state.id) loadActor(state.id);
  });
  $('layout').addEventListener('change', () => {
    state.layout = $('layout').value;
    if (state.id) loadActor(state.id);
  });
  $('as-of').addEventListener('change', () => {
    state.asOf = $('as-of').value;
    if (state.id) loadActor(state.id);
  });
  $('fit').addEventListener('click', () => cy && cy.fit(undefined, 20));
  // Links to entities move the page rather than reloading it (a modified click still opens a tab).
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-nav]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    loadActor(link.dataset.id, { push: true });
    showTab('actor');
    $('actor').scrollIntoView({ block: 'nearest' });
  });
  fromBox = new ActorCombobox($('path-from'));
  toBox = new ActorCombobox($('path-to'));
  $('path-form').addEventListener('submit', (event) => {
    event.preventDefault();
    findPaths();
  });
  $('path-swap').addEventListener('click', () => {
    const from = fromBox.id ? { id: fromBox.id, name: $('path-from').value } : null;
    const to = toBox.id ? { id: toBox.id, name: $('path-to').value } : null;
    fromBox.set(to);
    toBox.set(from);
  });
  window.addEventListener('popstate', applyUrl);
  applyUrl();
}

// For tests and the curious: the drawings' Cytoscape instances and the page's state.
window.explorer = {
  get cy() {
    return cy;
  },
  get pathCy() {
    return pathCy;
  },
  state,
  loadActor,
};

start();

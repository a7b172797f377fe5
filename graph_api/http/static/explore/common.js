// Shared by the explorer's pages: the GraphQL client, DOM helpers, the label palette
// and an accessible search-backed combobox. Data from the API only ever reaches the
// page as text (textContent, attribute values), never as markup.

/** An error the API answered with, carrying its extensions.code when there is one. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'ApiError';
    this.code = code || null;
  }
}

/** POST a query to /graphql; resolves to `data`, rejects with an ApiError. */
export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new ApiError(`The server could not be reached (${err.message}).`, 'NETWORK');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without JSON.`, 'HTTP');
  }
  const first = body && Array.isArray(body.errors) ? body.errors[0] : null;
  if (first) {
    const code = first.extensions && first.extensions.code;
    if (code === 'UNAUTHENTICATED') {
      throw new ApiError('This server needs an API key for every request, which a browser page cannot send.', code);
    }
    throw new ApiError(first.message || 'The query failed.', code);
  }
  if (!response.ok || !body || !body.data) {
    throw new ApiError(`The server answered ${response.status}.`, 'HTTP');
  }
  return body.data;
}

/**
 * Make an element. `props`: className, text, dataset, on{Event} handlers, and any other
 * key as an attribute. Children: nodes or strings (added as text), null skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Remove every child of `node`, then append `children`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

/** An http(s) URL from the data, or null: other schemes (javascript:, data:) never become links. */
export function safeUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(value, window.location.origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function explorerHref(id) {
  return `/explore?id=${encodeURIComponent(id)}`;
}

/** Colours (Okabe–Ito, safe for colour-blind readers) and shapes of the ontology's labels. */
export const LABELS = {
  Institution: { color: '#0072B2', shape: 'round-rectangle', en: 'Institution' },
  CoordinationBody: { color: '#D55E00', shape: 'hexagon', en: 'Coordination body' },
  Program: { color: '#009E73', shape: 'diamond', en: 'Programme' },
  Meeting: { color: '#CC79A7', shape: 'round-tag', en: 'Meeting' },
  PolicyTheme: { color: '#E69F00', shape: 'ellipse', en: 'Policy theme' },
  MigrantNeed: { color: '#56B4E9', shape: 'round-triangle', en: 'Migrant need' },
  Population: { color: '#8B5A2B', shape: 'barrel', en: 'Population' },
  Place: { color: '#6B7B8C', shape: 'round-pentagon', en: 'Place' },
  Document: { color: '#4D4D4D', shape: 'rectangle', en: 'Document' },
  Candidate: { color: '#A0A0A0', shape: 'octagon', en: 'Candidate' },
};
const OTHER_LABEL = { color: '#777777', shape: 'ellipse' };

export function labelStyle(label) {
  return LABELS[label] || { ...OTHER_LABEL, en: label };
}

/** A small coloured chip naming a node's label. */
export function labelChip(label) {
  const style = labelStyle(label);
  const swatch = el('span', { className: 'swatch', 'aria-hidden': 'true' });
  swatch.style.backgroundColor = style.color;
  return el('span', { className: 'label-chip' }, swatch, style.en);
}

/** The page-wide message area: kind is 'error', 'warning' or 'info'. */
export function showBanner(text, kind = 'error', id = 'banner') {
  const banner = document.getElementById(id);
  if (!banner) return;
  banner.hidden = false;
  banner.className = `banner banner-${kind}`;
  banner.textContent = text;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export const SEARCH_QUERY = `query Search($text: String!, $first: Int!) {
  search(text: $text, first: $first) { id label name nameEn acronym }
}`;

export async function searchActors(text, first = 8) {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const data = await gql(SEARCH_QUERY, { text: trimmed, first });
  return data.search;
}

let comboboxCount = 0;

/**
 * An ARIA 1.2 combobox over `search`: type, pick with the arrow keys and Enter (or the mouse);
 * the chosen actor's id is kept in `input.dataset.id`.
 */
export class ActorCombobox {
  constructor(input, { onChange } = {}) {
    comboboxCount += 1;
    this.input = input;
    this.onChange = onChange || (() => {});
    this.results = [];
    this.active = -1;
    this.listbox = el('ul', { className: 'combobox-list', role: 'listbox', id: `combobox-list-${comboboxCount}` });
    this.listbox.hidden = true;
    this.chosen = el('span', { className: 'combobox-chosen', 'aria-live': 'polite' });
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', this.listbox.id);
    input.setAttribute('autocomplete', 'off');
    input.after(this.listbox, this.chosen);
    const lookup = debounce(() => this.lookup(), 200);
    input.addEventListener('input', () => {
      this.set(null, { keepText: true });
      lookup();
    });
    input.addEventListener('keydown', (event) => this.keydown(event));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  get id() {
    return this.input.dataset.id || null;
  }

  async lookup() {
    const text = this.input.value;
    let results = [];
    try {
      results = await searchActors(text);
    } catch (err) {
      this.chosen.textContent = err.message;
      return;
    }
    if (text !== this.input.value) return;
    this.results = results;
    this.active = -1;
    replaceChildren(
      this.listbox,
      results.map((actor, index) =>
        el(
          'li',
          {
            role: 'option',
            id: `${this.listbox.id}-${index}`,
            'aria-selected': 'false',
            dataset: { id: actor.id },
            onmousedown: (event) => {
              event.preventDefault();
              this.choose(index);
            },
          },
          el('span', { className: 'option-name', text: actor.name }),
          el('span', { className: 'option-meta', text: [actor.acronym, labelStyle(actor.label).en].filter(Boolean).join(' · ') }),
        ),
      ),
    );
    if (!results.length && text.trim()) {
      this.listbox.append(el('li', { className: 'combobox-empty', text: 'No actor matches.' }));
    }
    this.open(Boolean(text.trim()));
  }

  open(visible) {
    this.listbox.hidden = !visible;
    this.input.setAttribute('aria-expanded', String(visible));
  }

  close() {
    this.open(false);
    this.input.removeAttribute('aria-activedescendant');
  }

  highlight(index) {
    const options = [...this.listbox.querySelectorAll('[role="option"]')];
    if (!options.length) return;
    this.active = (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === this.active)));
    this.input.setAttribute('aria-activedescendant', options[this.active].id);
    options[this.active].scrollIntoView({ block: 'nearest' });
  }

  keydown(event) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (this.listbox.hidden) this.open(this.results.length > 0);
      this.highlight(this.active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      this.highlight(this.active - 1);
    } else if (event.key === 'Enter' && !this.listbox.hidden && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === 'Escape') {
      this.close();
    }
  }

  choose(index) {
    const actor = this.results[index];
    if (actor) this.set(actor);
    this.close();
  }

  /** Set the chosen actor ({id, name}) or clear it. */
  set(actor, { keepText = false } = {}) {
    if (actor) {
      this.input.value = actor.name;
      this.input.dataset.id = actor.id;
      this.chosen.textContent = actor.id;
    } else {
      delete this.input.dataset.id;
      this.chosen.textContent = '';
      if (!keepText) this.input.value = '';
    }
    this.onChange(actor);
  }

  /** The chosen id, or the best match for the typed text; null when nothing matches. */
  async resolve() {
    if (this.id) return this.id;
    const [best] = await searchActors(this.input.value, 1);
    if (best) this.set(best);
    return best ? best.id : null;
  }
}

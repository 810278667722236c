// #/logs: structured logs the services export over OTLP, newest first, filtered by resource, minimum level,
// text and trace id; refreshed every 5 s.

import {
  h, fill, setText, fmtTime, fmtDateTime, debounce, replaceQuery, errorBanner, emptyRow, resourceChip, attrTable,
  seedColors, connection,
} from '../lib.js';

export const title = 'Structured logs';

export const LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'];
const COLUMNS = ['Time', 'Resource', 'Level', 'Category', 'Message', 'Trace'];
const LIMIT = 500;

function shortCategory(c) {
  if (!c) return '';
  const i = c.lastIndexOf('.');
  return i >= 0 ? c.slice(i + 1) : c;
}

/** Keeps a <select>'s options in sync with a list of names (plus an "all" option), keeping its value. */
export function syncOptions(select, names, allLabel, value) {
  const want = ['', ...names];
  const have = [...select.options].map((o) => o.value);
  if (want.length !== have.length || want.some((v, i) => v !== have[i])) {
    select.replaceChildren(h('option', { value: '' }, allLabel), ...names.map((n) => h('option', { value: n }, n)));
  }
  if (value && !names.includes(value)) select.appendChild(h('option', { value }, value));
  select.value = value || '';
}

export function mount(root, ctx, route) {
  const q = route.query;
  const state = {
    resource: q.get('resource') || '',
    level: q.get('level') || '',
    text: q.get('text') || '',
    traceId: q.get('traceId') || '',
  };
  let selectedId = null;
  let records = new Map();
  let version = 0;
  const rows = new Map();

  const banner = errorBanner();
  const resourceSel = h('select', { class: 'input', testid: 'logs-resource', 'aria-label': 'Resource' }, h('option', { value: '' }, 'All resources'));
  syncOptions(resourceSel, [], 'All resources', state.resource);
  const levelSel = h('select', { class: 'input', testid: 'logs-level', 'aria-label': 'Minimum level' },
    h('option', { value: '' }, 'All levels'), LEVELS.map((l) => h('option', { value: l }, l)));
  levelSel.value = LEVELS.includes(state.level) ? state.level : '';
  const textInput = h('input', { type: 'search', class: 'input', placeholder: 'Filter text', value: state.text, testid: 'logs-text', 'aria-label': 'Filter text' });
  const traceInput = h('input', { type: 'search', class: 'input mono', placeholder: 'Trace id', value: state.traceId, testid: 'logs-trace', 'aria-label': 'Trace id', size: 20 });
  const count = h('span', { class: 'muted small', testid: 'logs-count' });
  const tbody = h('tbody');
  const table = h('table', { class: 'table table-logs', testid: 'logs-table' },
    h('colgroup', null, h('col', { style: { width: '104px' } }), h('col', { style: { width: '130px' } }), h('col', { style: { width: '110px' } }),
      h('col', { style: { width: '170px' } }), h('col'), h('col', { style: { width: '110px' } })),
    h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))), tbody);
  const details = h('aside', { class: 'details', testid: 'log-details', hidden: true, 'aria-label': 'Log entry' });
  const split = h('div', { class: 'split' }, h('div', { class: 'table-wrap' }, table), details);

  root.append(
    h('header', { class: 'view-head' }, h('h1', null, 'Structured logs'), count, h('span', { class: 'grow' })),
    h('div', { class: 'toolbar' }, resourceSel, levelSel, textInput, traceInput),
    banner.el,
    split);

  const poller = ctx.poll(refresh, 5000, (e) => { banner.set(e); connection(e ? 'down' : 'live'); });

  function changed() {
    version++;
    replaceQuery('/logs', state);
    poller.refresh();
  }
  resourceSel.addEventListener('change', () => { state.resource = resourceSel.value; changed(); });
  levelSel.addEventListener('change', () => { state.level = levelSel.value; changed(); });
  const onText = debounce(() => { state.text = textInput.value.trim(); changed(); });
  // The API takes whole W3C trace ids only: a partial one is marked rather than sent.
  const onTrace = debounce(() => {
    const v = traceInput.value.trim();
    const valid = !v || /^[0-9a-fA-F]{32}$/.test(v);
    traceInput.classList.toggle('invalid', !valid);
    traceInput.title = valid ? '' : 'A trace id is 32 hexadecimal digits';
    if (!valid || v === state.traceId) return;
    state.traceId = v;
    changed();
  });
  textInput.addEventListener('input', onText);
  traceInput.addEventListener('input', onTrace);
  ctx.onCleanup(() => { onText.cancel(); onTrace.cancel(); });

  function rowFor(r) {
    let tr = rows.get(r.id);
    if (tr) return tr;
    tr = h('tr', {
      testid: 'log-row', class: 'clickable', tabindex: '0', dataset: { id: r.id, level: r.level },
      onclick: () => select(r.id),
      onkeydown: (e) => { if (e.key === 'Enter' && e.target === tr) select(r.id); },
    },
    h('td', { class: 'mono small', title: fmtDateTime(r.timestamp) }, fmtTime(r.timestamp, true)),
    h('td', { title: r.instance || r.resource }, resourceChip(r.resource)),
    h('td', null, h('span', { class: 'level', dataset: { level: r.level } }, r.level)),
    h('td', { class: 'ellipsis', title: r.category || '' }, shortCategory(r.category)),
    h('td', { class: 'ellipsis msg', title: r.message || '' },
      r.exception ? h('span', { class: 'badge badge-error', title: 'Has an exception' }, 'exception') : null,
      r.message || ''),
    h('td', { class: 'ellipsis' }, r.traceId
      ? h('a', {
        class: 'mono trace-link', href: `#/traces/${encodeURIComponent(r.traceId)}`, testid: 'log-trace-link', title: `Trace ${r.traceId}`,
        onclick: (e) => e.stopPropagation(),
      }, r.traceId)
      : ''));
    rows.set(r.id, tr);
    return tr;
  }

  function render(items, total) {
    const ids = new Set(items.map((r) => r.id));
    for (const id of rows.keys()) if (!ids.has(id)) rows.delete(id);
    const ordered = items.map(rowFor);
    for (const tr of ordered) {
      const sel = tr.dataset.id === String(selectedId);
      tr.classList.toggle('selected', sel);
    }
    if (!ordered.length) {
      const filtered = state.resource || state.level || state.text || state.traceId;
      tbody.replaceChildren(emptyRow(COLUMNS.length, filtered ? 'No log entry matches the filters.' : 'No logs received yet.'));
    } else {
      const current = [...tbody.children];
      if (current.length !== ordered.length || current.some((tr, i) => tr !== ordered[i])) tbody.replaceChildren(...ordered);
    }
    setText(count, total > items.length ? `${items.length} newest of ${total.toLocaleString('en-US')}` : `${items.length} entr${items.length === 1 ? 'y' : 'ies'}`);
    renderDetails();
  }

  function select(id) {
    selectedId = selectedId === id ? null : id;
    for (const tr of tbody.children) tr.classList.toggle('selected', tr.dataset.id === String(selectedId));
    renderDetails();
  }

  function renderDetails() {
    const r = selectedId != null && records.get(selectedId);
    if (!r) {
      details.hidden = true;
      split.classList.remove('with-details');
      return;
    }
    if (details.dataset.id === String(r.id) && !details.hidden) return;
    details.dataset.id = String(r.id);
    details.hidden = false;
    split.classList.add('with-details');
    fill(details,
      h('div', { class: 'details-head' },
        h('div', null, h('h2', null, 'Log entry'), h('div', { class: 'muted small' }, fmtDateTime(r.timestamp))),
        h('span', { class: 'grow' }),
        h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Close', title: 'Close', onclick: () => select(null) }, '×')),
      h('section', { class: 'details-section' }, h('h3', null, 'Message'), h('pre', { class: 'message' }, r.message || '')),
      h('section', { class: 'details-section' }, h('h3', null, 'Entry'),
        h('dl', { class: 'props' },
          h('dt', null, 'Level'), h('dd', null, h('span', { class: 'level', dataset: { level: r.level } }, r.level)),
          h('dt', null, 'Resource'), h('dd', null, resourceChip(r.resource)),
          h('dt', null, 'Instance'), h('dd', null, r.instance || '–'),
          h('dt', null, 'Category'), h('dd', { class: 'wrap' }, r.category || '–'),
          h('dt', null, 'Trace id'), h('dd', { class: 'mono wrap' }, r.traceId ? h('a', { href: `#/traces/${encodeURIComponent(r.traceId)}` }, r.traceId) : '–'),
          h('dt', null, 'Span id'), h('dd', { class: 'mono' }, r.spanId || '–'))),
      h('section', { class: 'details-section' }, h('h3', null, 'Attributes'), attrTable(r.attributes, 'log-attributes')),
      r.exception ? h('section', { class: 'details-section' }, h('h3', null, 'Exception'), h('pre', { class: 'exception' }, r.exception)) : null);
  }

  async function refresh() {
    const v = version;
    const params = new URLSearchParams({ limit: String(LIMIT) });
    for (const [k, v] of Object.entries(state)) if (v) params.set(k, v);
    const [res, logs] = await Promise.all([
      ctx.api('/api/telemetry/resources').catch((e) => { if (e.name === 'AbortError') throw e; return null; }),
      ctx.api(`/api/telemetry/logs?${params}`),
    ]);
    if (res) {
      const names = (res.items || []).map((r) => r.name).sort();
      seedColors(names);
      syncOptions(resourceSel, names, 'All resources', state.resource);
    }
    if (v !== version) return; // the filters changed meanwhile: the queued refresh renders
    const items = logs.items || [];
    records = new Map(items.map((r) => [r.id, r]));
    render(items, logs.total ?? items.length);
  }

  tbody.appendChild(emptyRow(COLUMNS.length, 'Loading logs…'));
}

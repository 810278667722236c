// #/traces: recent traces (newest first, every 5 s); #/traces/{traceId}: one trace as a waterfall of spans.

import {
  h, fill, setText, fmtTime, fmtDateTime, fmtDuration, debounce, replaceQuery, errorBanner, emptyRow, resourceChip,
  attrTable, seedColors, colorFor, connection, parseTime,
} from '../lib.js';
import { syncOptions } from './logs.js';

export const title = (route) => (route.args[0] ? 'Trace' : 'Traces');

export function mount(root, ctx, route) {
  if (route.args[0]) mountTrace(root, ctx, route.args[0]);
  else mountList(root, ctx, route);
}

// ---------------------------------------------------------------------------------------------------------
// List

function mountList(root, ctx, route) {
  const state = { resource: route.query.get('resource') || '', text: route.query.get('text') || '' };
  let version = 0;
  const rows = new Map();

  const banner = errorBanner();
  const resourceSel = h('select', { class: 'input', testid: 'traces-resource', 'aria-label': 'Resource' });
  syncOptions(resourceSel, [], 'All resources', state.resource);
  const textInput = h('input', { type: 'search', class: 'input', placeholder: 'Filter by name or text', value: state.text, testid: 'traces-text', 'aria-label': 'Filter traces' });
  const count = h('span', { class: 'muted small', testid: 'traces-count' });
  const tbody = h('tbody', null, emptyRow(5, 'Loading traces…'));
  const table = h('table', { class: 'table table-traces', testid: 'traces-table' },
    h('colgroup', null, h('col', { style: { width: '110px' } }), h('col', { style: { width: '27%' } }), h('col'),
      h('col', { style: { width: '70px' } }), h('col', { style: { width: '190px' } })),
    h('thead', null, h('tr', null, ['Start', 'Name', 'Resources', 'Spans', 'Duration'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);

  root.append(
    h('header', { class: 'view-head' }, h('h1', null, 'Traces'), count, h('span', { class: 'grow' })),
    h('div', { class: 'toolbar' }, resourceSel, textInput),
    banner.el,
    h('div', { class: 'table-wrap' }, table));

  const poller = ctx.poll(refresh, 5000, (e) => { banner.set(e); connection(e ? 'down' : 'live'); });
  const changed = () => { version++; replaceQuery('/traces', state); poller.refresh(); };
  resourceSel.addEventListener('change', () => { state.resource = resourceSel.value; changed(); });
  const onText = debounce(() => { state.text = textInput.value.trim(); changed(); });
  textInput.addEventListener('input', onText);
  ctx.onCleanup(() => onText.cancel());

  function rowFor(t, maxDuration) {
    let r = rows.get(t.traceId);
    const sig = `${t.spanCount}|${t.durationMs}|${t.hasError}|${(t.resources || []).join(',')}|${t.name}`;
    if (r && r.sig === sig) {
      r.bar.style.width = `${Math.max(1, (t.durationMs / maxDuration) * 100)}%`;
      return r.tr;
    }
    const href = `#/traces/${encodeURIComponent(t.traceId)}`;
    const bar = h('span', { class: 'dur-bar', style: { width: `${Math.max(1, (t.durationMs / maxDuration) * 100)}%` } });
    const tr = h('tr', {
      testid: 'trace-row', 'data-trace-id': t.traceId, class: ['clickable', t.hasError && 'row-error'], tabindex: '0',
      onclick: () => { location.hash = href; },
      onkeydown: (e) => { if (e.key === 'Enter') location.hash = href; },
    },
    h('td', { class: 'mono small', title: fmtDateTime(t.start) }, fmtTime(t.start, true)),
    h('td', { class: 'ellipsis', title: t.name },
      t.hasError ? h('span', { class: 'badge badge-error', title: 'A span failed' }, 'error') : null,
      h('a', { href, class: 'trace-name', onclick: (e) => e.stopPropagation() }, t.name || t.traceId)),
    h('td', null, h('div', { class: 'chips chips-nowrap' }, (t.resources || []).map((n) => resourceChip(n)))),
    h('td', { class: 'num' }, String(t.spanCount ?? '')),
    h('td', null, h('div', { class: 'dur' }, h('span', { class: 'dur-track' }, bar), h('span', { class: 'dur-text' }, fmtDuration(t.durationMs)))));
    rows.set(t.traceId, { tr, bar, sig });
    return tr;
  }

  async function refresh() {
    const v = version;
    const params = new URLSearchParams({ limit: '100' });
    for (const [k, val] of Object.entries(state)) if (val) params.set(k, val);
    const [res, data] = await Promise.all([
      ctx.api('/api/telemetry/resources').catch((e) => { if (e.name === 'AbortError') throw e; return null; }),
      ctx.api(`/api/telemetry/traces?${params}`),
    ]);
    if (res) {
      const names = (res.items || []).map((r) => r.name).sort();
      seedColors(names);
      syncOptions(resourceSel, names, 'All resources', state.resource);
    }
    if (v !== version) return;
    const items = data.items || [];
    const maxDuration = Math.max(1, ...items.map((t) => t.durationMs || 0));
    const ids = new Set(items.map((t) => t.traceId));
    for (const id of rows.keys()) if (!ids.has(id)) rows.delete(id);
    const ordered = items.map((t) => rowFor(t, maxDuration));
    if (!ordered.length) {
      tbody.replaceChildren(emptyRow(5, state.resource || state.text ? 'No trace matches the filters.' : 'No traces received yet.'));
    } else {
      const current = [...tbody.children];
      if (current.length !== ordered.length || current.some((tr, i) => tr !== ordered[i])) tbody.replaceChildren(...ordered);
    }
    const total = data.total ?? items.length;
    setText(count, total > items.length ? `${items.length} newest of ${total.toLocaleString('en-US')}` : `${items.length} trace${items.length === 1 ? '' : 's'}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// One trace

/** How many spans follow span i in depth-first order below it. */
function descendants(spans, i) {
  const depth = spans[i].depth || 0;
  let n = 0;
  for (let j = i + 1; j < spans.length && (spans[j].depth || 0) > depth; j++) n++;
  return n;
}

function mountTrace(root, ctx, traceId) {
  let trace = null;
  let sig = null;
  let selectedSpan = null;
  let seeded = false;
  const collapsed = new Set();

  const banner = errorBanner();
  const head = h('header', { class: 'view-head trace-head' });
  const summary = h('div', { class: 'trace-summary' });
  const waterfall = h('div', { class: 'waterfall', testid: 'trace-waterfall', role: 'tree', 'aria-label': 'Spans' });
  const details = h('aside', { class: 'details', testid: 'span-details', hidden: true, 'aria-label': 'Span details' });
  const split = h('div', { class: 'split split-trace' }, h('div', { class: 'waterfall-wrap' }, waterfall), details);
  const logsLink = h('a', { class: 'btn btn-small', href: `#/logs?traceId=${encodeURIComponent(traceId)}`, testid: 'trace-logs-link' }, 'View logs');

  head.append(
    h('a', { class: 'back', href: '#/traces', title: 'All traces' }, '← Traces'),
    h('h1', { class: 'ellipsis', testid: 'trace-name' }, 'Trace'),
    h('span', { class: 'grow' }),
    logsLink);
  root.append(head, summary, banner.el, split);
  waterfall.appendChild(h('p', { class: 'muted empty' }, 'Loading trace…'));

  ctx.poll(refresh, 5000, (e) => {
    if (e && e.status === 404) { banner.set(null); showNotFound(); return; }
    banner.set(e);
    connection(e ? 'down' : 'live');
  });

  function showNotFound() {
    if (trace) return;
    split.hidden = true;
    setText(head.querySelector('h1'), 'Trace not found');
    fill(summary, h('p', { class: 'muted', testid: 'trace-not-found' },
      'No trace with id ', h('span', { class: 'mono' }, traceId),
      ' has been received (yet). Spans may still be on their way; this page keeps looking every 5 seconds.'));
  }

  async function refresh() {
    if (!seeded) {
      // Colors follow the telemetry resource list, as on the other pages.
      const res = await ctx.api('/api/telemetry/resources').catch((e) => { if (e.name === 'AbortError') throw e; return null; });
      if (res) { seedColors((res.items || []).map((r) => r.name)); seeded = true; }
    }
    const t = await ctx.api(`/api/telemetry/traces/${encodeURIComponent(traceId)}`);
    const next = JSON.stringify([t.durationMs, (t.spans || []).length, (t.spans || []).map((sp) => sp.spanId + sp.durationMs + sp.status).join()]);
    if (next === sig) return;
    sig = next;
    trace = t;
    split.hidden = false;
    seedColors(t.resources || []);
    render();
  }

  function stat(label, value, testid) {
    return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value', testid }, value));
  }

  function render() {
    const t = trace;
    const spans = t.spans || [];
    const resources = [...new Set([...(t.resources || []), ...spans.map((sp) => sp.resource).filter(Boolean)])];
    const errors = spans.filter((sp) => sp.status === 'Error').length;
    setText(head.querySelector('h1'), t.name || traceId);
    document.title = `${t.name || 'Trace'} · Smarketing dashboard`;
    fill(summary,
      stat('Trace id', h('span', { class: 'mono small' }, t.traceId || traceId), 'trace-id'),
      stat('Start', fmtDateTime(t.start), 'trace-start'),
      stat('Duration', fmtDuration(t.durationMs), 'trace-duration'),
      stat('Spans', String(spans.length), 'trace-span-count'),
      stat('Resources', String(resources.length), 'trace-resource-count'),
      stat('Errors', String(errors), 'trace-error-count'),
      h('div', { class: 'chips legend' }, resources.map((n) => resourceChip(n))));
    renderWaterfall();
    renderDetails();
  }

  function renderWaterfall() {
    const t = trace;
    const spans = t.spans || [];
    const total = Math.max(t.durationMs || 0, ...spans.map((sp) => (sp.offsetMs || 0) + (sp.durationMs || 0)), 0.001);
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    const header = h('div', { class: 'wf-row wf-header' },
      h('div', { class: 'wf-name' }, 'Span'),
      h('div', { class: 'wf-track wf-scale' }, ticks.map((f) => h('span', {
        class: 'wf-tick', style: f === 1 ? { right: '0' } : { left: `${f * 100}%` },
      }, fmtDuration(total * f)))));
    const rowsEls = [];
    let hideDepth = null;
    spans.forEach((sp, i) => {
      const depth = sp.depth || 0;
      let hidden = false;
      if (hideDepth != null && depth > hideDepth) hidden = true;
      else {
        hideDepth = null;
        if (collapsed.has(sp.spanId)) hideDepth = depth;
      }
      const hasChildren = i + 1 < spans.length && (spans[i + 1].depth || 0) > depth;
      const color = colorFor(sp.resource);
      const left = Math.min(100, ((sp.offsetMs || 0) / total) * 100);
      const width = Math.max(0, ((sp.durationMs || 0) / total) * 100);
      const labelAfter = left + width < 78;
      const toggle = hasChildren
        ? h('button', {
          type: 'button', class: 'wf-toggle', 'aria-label': collapsed.has(sp.spanId) ? 'Expand' : 'Collapse',
          'aria-expanded': String(!collapsed.has(sp.spanId)),
          onclick: (e) => { e.stopPropagation(); if (collapsed.has(sp.spanId)) collapsed.delete(sp.spanId); else collapsed.add(sp.spanId); renderWaterfall(); },
        }, collapsed.has(sp.spanId) ? '▸' : '▾')
        : h('span', { class: 'wf-toggle-space' });
      const row = h('div', {
        class: ['wf-row', 'span-row', sp.status === 'Error' && 'span-error', sp.spanId === selectedSpan && 'selected'],
        testid: 'span-row', role: 'treeitem', tabindex: '0', 'aria-level': String(depth + 1),
        dataset: { spanId: sp.spanId, depth: String(depth), resource: sp.resource || '' },
        hidden,
        onclick: () => selectSpan(sp.spanId),
        onkeydown: (e) => { if (e.key === 'Enter') selectSpan(sp.spanId); },
      },
      h('div', { class: 'wf-name', style: { paddingLeft: `${6 + depth * 14}px` }, title: `${sp.resource}: ${sp.name}` },
        toggle,
        h('span', { class: 'chip res-chip', testid: 'span-resource', style: { '--res': color } }, sp.resource || '?'),
        h('span', { class: 'span-name ellipsis', testid: 'span-name' }, sp.name),
        sp.status === 'Error' ? h('span', { class: 'badge badge-error' }, 'error') : null,
        collapsed.has(sp.spanId) ? h('span', { class: 'badge', title: 'Hidden child spans' }, `+${descendants(spans, i)}`) : null),
      h('div', { class: 'wf-track' },
        h('span', {
          class: 'wf-bar', testid: 'span-bar', title: `${fmtDuration(sp.durationMs)} at +${fmtDuration(sp.offsetMs)}`,
          style: { left: `${left}%`, width: `max(2px, ${width}%)`, background: color },
        }),
        h('span', {
          class: 'wf-dur',
          style: labelAfter ? { left: `calc(${left + width}% + 6px)` } : { right: `calc(${100 - left}% + 6px)` },
        }, fmtDuration(sp.durationMs))));
      rowsEls.push(row);
    });
    if (!spans.length) rowsEls.push(h('p', { class: 'muted empty' }, 'This trace has no spans yet.'));
    waterfall.replaceChildren(header, ...rowsEls);
  }

  function selectSpan(id) {
    selectedSpan = selectedSpan === id ? null : id;
    for (const row of waterfall.querySelectorAll('.span-row')) row.classList.toggle('selected', row.dataset.spanId === selectedSpan);
    renderDetails();
  }

  function renderDetails() {
    const sp = selectedSpan && (trace.spans || []).find((x) => x.spanId === selectedSpan);
    if (!sp) {
      details.hidden = true;
      split.classList.remove('with-details');
      return;
    }
    details.hidden = false;
    split.classList.add('with-details');
    const spanStart = parseTime(sp.start);
    const events = sp.events || [];
    fill(details,
      h('div', { class: 'details-head' },
        h('div', { class: 'min0' }, h('h2', { class: 'wrap' }, sp.name), h('div', null, resourceChip(sp.resource), ' ', h('span', { class: 'muted small' }, sp.kind))),
        h('span', { class: 'grow' }),
        h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Close', title: 'Close', onclick: () => selectSpan(null) }, '×')),
      h('section', { class: 'details-section' }, h('h3', null, 'Span'),
        h('dl', { class: 'props' },
          h('dt', null, 'Status'), h('dd', null, h('span', { class: 'status', dataset: { status: sp.status } }, sp.status || 'Unset'),
            sp.statusMessage ? h('div', { class: 'small wrap' }, sp.statusMessage) : null),
          h('dt', null, 'Kind'), h('dd', null, sp.kind || '–'),
          h('dt', null, 'Resource'), h('dd', null, sp.resource || '–'),
          h('dt', null, 'Instance'), h('dd', null, sp.instance || '–'),
          h('dt', null, 'Start'), h('dd', null, `${fmtDateTime(sp.start)} (+${fmtDuration(sp.offsetMs)})`),
          h('dt', null, 'Duration'), h('dd', null, fmtDuration(sp.durationMs)),
          h('dt', null, 'Span id'), h('dd', { class: 'mono' }, sp.spanId),
          h('dt', null, 'Parent'), h('dd', { class: 'mono' }, sp.parentSpanId || '–'))),
      h('section', { class: 'details-section' }, h('h3', null, 'Attributes'), attrTable(sp.attributes, 'span-attributes')),
      h('section', { class: 'details-section' }, h('h3', null, `Events (${events.length})`),
        events.length
          ? h('ul', { class: 'events', testid: 'span-events' }, events.map((ev) => {
            const at = parseTime(ev.time);
            return h('li', null,
              h('div', null, h('strong', null, ev.name), ' ',
                h('span', { class: 'muted small' }, at != null && spanStart != null ? `+${fmtDuration(at - spanStart)}` : fmtTime(ev.time, true))),
              Object.keys(ev.attributes || {}).length ? attrTable(ev.attributes) : null);
          }))
          : h('p', { class: 'muted small' }, 'None')));
  }
}

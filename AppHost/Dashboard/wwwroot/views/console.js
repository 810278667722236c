// #/console/{name}: a resource's console output (stdout/stderr), live over SSE, filterable, downloadable.

import { h, setText, fmtTime, fmtDateTime, debounce, replaceQuery, errorBanner, connection } from '../lib.js';

export const title = (route) => (route.args[0] ? `${route.args[0]} console` : 'Console');

const MAX_LINES = 5000;
const LAST_KEY = 'smarketing.dashboard.console';
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

function lineClass(text) {
  const t = text.trimStart().slice(0, 8).toLowerCase();
  if (t.startsWith('fail') || t.startsWith('crit') || t.startsWith('error') || t.startsWith('unhandled')) return 'line-error';
  if (t.startsWith('warn')) return 'line-warn';
  return '';
}

export function mount(root, ctx, route) {
  const name = route.args[0] || '';
  let filterText = route.query.get('filter') || '';
  let lastSeq = 0;
  let follow = true;
  let generation = 0;
  let queue = [];
  let frame = 0;
  let stream = null;
  let shown = 0;

  const banner = errorBanner();
  const picker = h('select', {
    class: 'input', testid: 'console-resource', 'aria-label': 'Resource',
    onchange: () => { if (picker.value) location.hash = `#/console/${encodeURIComponent(picker.value)}`; },
  }, h('option', { value: '' }, 'Select a resource…'));
  if (name) picker.appendChild(h('option', { value: name, selected: true }, name));
  picker.value = name;

  const filter = h('input', {
    type: 'search', class: 'input', placeholder: 'Filter lines', value: filterText, testid: 'console-filter', 'aria-label': 'Filter lines',
  });
  const download = h('a', { class: 'btn btn-small', testid: 'console-download', download: `${name}-console.log` }, 'Download');
  const followBtn = h('button', { type: 'button', class: 'btn btn-small', testid: 'console-follow', 'aria-pressed': 'true' }, 'Following');
  const status = h('span', { class: 'muted small', testid: 'console-status' });
  const lines = h('div', { class: 'console', testid: 'console-lines', role: 'log', 'aria-live': 'off', tabindex: '0' });

  root.append(
    h('header', { class: 'view-head' },
      h('h1', null, 'Console logs'),
      picker,
      filter,
      h('span', { class: 'grow' }),
      status,
      followBtn,
      download),
    banner.el,
    lines);

  function updateDownload() {
    if (!name) { download.removeAttribute('href'); download.classList.add('disabled'); return; }
    const q = new URLSearchParams();
    if (filterText) q.set('filter', filterText);
    const qs = q.toString();
    download.href = `/api/resources/${encodeURIComponent(name)}/console/download${qs ? `?${qs}` : ''}`;
  }

  function setFollow(on) {
    follow = on;
    setText(followBtn, on ? 'Following' : 'Paused – jump to end');
    followBtn.setAttribute('aria-pressed', String(on));
    followBtn.classList.toggle('btn-primary', !on);
    if (on) lines.scrollTop = lines.scrollHeight;
  }
  followBtn.addEventListener('click', () => setFollow(!follow));
  lines.addEventListener('scroll', () => {
    const atEnd = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 24;
    if (atEnd !== follow) setFollow(atEnd);
  });

  function matches(text) {
    return !filterText || text.toLowerCase().includes(filterText.toLowerCase());
  }

  function lineEl(l) {
    const text = String(l.text ?? '').replace(ANSI, '');
    return h('div', { class: ['console-line', lineClass(text)], testid: 'console-line', dataset: { seq: l.seq } },
      h('span', { class: 'line-time', title: fmtDateTime(l.time) }, fmtTime(l.time, true)),
      h('span', { class: 'line-text' }, text));
  }

  function flush() {
    frame = 0;
    if (!queue.length) return;
    const batch = queue;
    queue = [];
    const frag = document.createDocumentFragment();
    for (const l of batch) frag.appendChild(lineEl(l));
    const empty = lines.querySelector('.console-empty');
    if (empty) empty.remove();
    lines.appendChild(frag);
    shown += batch.length;
    while (shown > MAX_LINES) { lines.firstElementChild.remove(); shown--; }
    if (follow) lines.scrollTop = lines.scrollHeight;
    updateStatus();
  }

  function add(l) {
    if (typeof l.seq === 'number') {
      if (l.seq <= lastSeq) return;
      lastSeq = l.seq;
    }
    if (!matches(String(l.text ?? ''))) return;
    queue.push(l);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function updateStatus() {
    setText(status, `${shown.toLocaleString('en-US')} line${shown === 1 ? '' : 's'}${shown >= MAX_LINES ? ' (latest shown)' : ''}`);
  }

  async function load() {
    const gen = ++generation;
    if (stream) { stream.close(); stream = null; }
    queue = [];
    lastSeq = 0;
    shown = 0;
    lines.replaceChildren(h('div', { class: 'console-empty muted' }, name ? 'Loading…' : 'Pick a resource to see its console output.'));
    updateDownload();
    if (!name) return;
    try {
      const q = new URLSearchParams({ limit: '1000' });
      if (filterText) q.set('filter', filterText);
      const d = await ctx.api(`/api/resources/${encodeURIComponent(name)}/console?${q}`);
      if (gen !== generation) return;
      banner.set(null);
      const items = d.items || [];
      lines.replaceChildren();
      // The server already filtered these: show them all, then follow the stream from the last one.
      for (const l of items) {
        queue.push(l);
        if (typeof l.seq === 'number' && l.seq > lastSeq) lastSeq = l.seq;
      }
      flush();
      if (!items.length) lines.replaceChildren(h('div', { class: 'console-empty muted' }, filterText ? 'No line matches the filter yet.' : 'No output yet.'));
      updateStatus();
    } catch (e) {
      if (e.name === 'AbortError' || gen !== generation) return;
      banner.set(e);
      lines.replaceChildren();
      if (e.status === 404) return; // no such resource: nothing to follow
    }
    stream = ctx.sse(
      () => `/api/resources/${encodeURIComponent(name)}/console/stream?after=${lastSeq}`,
      { line: add },
      (state) => connection(state === 'open' ? 'live' : 'reconnecting'));
  }

  function applyFilter() {
    const next = filter.value.trim();
    if (next === filterText) return;
    filterText = next;
    replaceQuery(`/console/${encodeURIComponent(name)}`, { filter: filterText });
    setFollow(true);
    load();
  }
  const refilter = debounce(applyFilter, 300);
  filter.addEventListener('input', refilter);
  filter.addEventListener('keydown', (e) => { if (e.key === 'Enter') { refilter.cancel(); applyFilter(); } });
  ctx.onCleanup(() => { refilter.cancel(); cancelAnimationFrame(frame); });

  // The picker lists every resource; without a name, open the last one seen (or the first).
  ctx.api('/api/resources').then((d) => {
    const names = (d.items || []).map((i) => i.name);
    if (!name) {
      let last = null;
      try { last = sessionStorage.getItem(LAST_KEY); } catch { /* private mode */ }
      const pick = names.includes(last) ? last : names[0];
      if (pick) { location.replace(`#/console/${encodeURIComponent(pick)}`); return; }
    }
    picker.replaceChildren(...(name ? [] : [h('option', { value: '' }, 'Select a resource…')]),
      ...names.map((n) => h('option', { value: n }, n)));
    if (name && !names.includes(name)) picker.appendChild(h('option', { value: name }, name));
    picker.value = name;
  }).catch((e) => { if (e.name !== 'AbortError') banner.set(e); });

  if (name) {
    try { sessionStorage.setItem(LAST_KEY, name); } catch { /* private mode */ }
  }
  load();
}

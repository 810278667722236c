// Shared helpers for the dashboard: DOM building (text only, never HTML strings), the JSON API client,
// toasts, formatting, per-resource colors and the per-view lifecycle (polling, SSE, aborting on leave).

const SVG_NS = 'http://www.w3.org/2000/svg';

function appendChildren(el, children) {
  for (const c of children) {
    if (c == null || c === false || c === true) continue;
    if (Array.isArray(c)) appendChildren(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/**
 * Builds an HTML element. attrs: `class`, `testid` (data-testid), `dataset`, `style` (object), `on<event>`
 * listeners, DOM properties (value, disabled, checked, title, href...) or plain attributes. Children are
 * nodes or text (always inserted as text nodes).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'testid') el.setAttribute('data-testid', v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'style' && typeof v === 'object') {
        for (const [sk, sv] of Object.entries(v)) {
          if (sk.startsWith('--')) el.style.setProperty(sk, sv);
          else el.style[sk] = sv;
        }
      }
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' || k === 'disabled' || k === 'checked' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  appendChildren(el, children);
  return el;
}

/** Builds an SVG element; every attribute is set with setAttribute. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'testid') el.setAttribute('data-testid', v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    }
  }
  appendChildren(el, children);
  return el;
}

/** Replaces an element's children (nodes or text; null and false are skipped, unlike replaceChildren). */
export function fill(el, ...children) {
  el.replaceChildren();
  appendChildren(el, children);
  return el;
}

/** Sets an element's text only when it changed (keeps selections and avoids layout churn). */
export function setText(el, text) {
  const t = text == null ? '' : String(text);
  if (el.textContent !== t) el.textContent = t;
}

/** An http(s) URL suitable for an href, or null (no javascript: or data: links from data). */
export function safeUrl(u) {
  if (!u) return null;
  try {
    const url = new URL(String(u), location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// API

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

let redirecting = false;
export function redirectToLogin() {
  if (redirecting) return;
  redirecting = true;
  location.assign('/login');
}

/** Fetches JSON from the dashboard API. 401 sends the browser to /login; other errors throw ApiError with the problem details. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, signal, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Dashboard unreachable', 'The AppHost did not answer; is it still running?');
  }
  if (res.status === 401) {
    redirectToLogin();
    throw new ApiError(401, 'Signed out', 'Your dashboard session has ended.');
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const title = (data && data.title) || `${res.status} ${res.statusText || 'Error'}`;
    // Validation problems name each bad field in `errors`; show those messages as the detail.
    const fieldErrors = data && data.errors && typeof data.errors === 'object'
      ? Object.values(data.errors).flat().filter((m) => typeof m === 'string').join(' ')
      : '';
    const detail = (data && data.detail) || fieldErrors || (!data && text && text.length < 300 ? text : null);
    throw new ApiError(res.status, title, detail);
  }
  return data;
}

export const isAbort = (e) => e && e.name === 'AbortError';

// ---------------------------------------------------------------------------------------------------------
// Toasts

/** Shows a toast. `message` is text or { title, detail }. kind: error | success | info. */
export function toast(message, kind = 'error', ms) {
  const host = document.getElementById('toasts');
  if (!host) return;
  const title = typeof message === 'string' ? message : message.title;
  const detail = typeof message === 'string' ? null : message.detail;
  const close = () => {
    el.classList.add('leaving');
    setTimeout(() => el.remove(), 180);
  };
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', testid: 'toast' },
    h('div', { class: 'toast-body' },
      h('div', { class: 'toast-title', testid: 'toast-title' }, title),
      detail ? h('div', { class: 'toast-detail', testid: 'toast-detail' }, detail) : null),
    h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss', onclick: close }, '×'));
  host.appendChild(el);
  while (host.children.length > 5) host.firstElementChild.remove();
  setTimeout(close, ms ?? (kind === 'error' ? 10000 : 4000));
}

export function toastError(e) {
  if (isAbort(e)) return;
  if (e instanceof ApiError) {
    if (e.status === 401) return;
    toast({ title: e.title, detail: e.detail }, 'error');
  } else toast({ title: 'Unexpected error', detail: String(e && e.message || e) }, 'error');
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

const pad = (n, w = 2) => String(n).padStart(w, '0');

export function parseTime(iso) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Local wall-clock time, e.g. 14:03:07 or 14:03:07.123. */
export function fmtTime(iso, ms = false) {
  const t = typeof iso === 'number' ? iso : parseTime(iso);
  if (t == null) return '';
  const d = new Date(t);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return ms ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** Local date and time, e.g. 2024-05-01 14:03:07. */
export function fmtDateTime(iso) {
  const t = typeof iso === 'number' ? iso : parseTime(iso);
  if (t == null) return '';
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${fmtTime(t, true)}`;
}

export function fmtDuration(ms) {
  if (ms == null || Number.isNaN(ms)) return '';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1).replace(/\.0$/, '')} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60000)}m ${pad(Math.round((ms % 60000) / 1000))}s`;
}

export function fmtUptime(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** Compact number for displays: 1234 → 1,234; 1.23456 → 1.23. */
export function fmtNum(n, digits = 2) {
  if (n == null || Number.isNaN(n)) return '–';
  const abs = Math.abs(n);
  if (abs !== 0 && abs < 0.01) return n.toExponential(1);
  return n.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : digits });
}

/** A plain number as text without grouping (for values tests or people may copy): 42, 3.5. */
export function plainNum(n) {
  if (n == null || Number.isNaN(n)) return '0';
  return String(Math.round(n * 100) / 100);
}

/** The unit of an OTel instrument for display ("{lead}" → "leads", "By" → "bytes"). */
export function fmtUnit(unit) {
  if (!unit) return '';
  const m = /^\{(.+)\}$/.exec(unit);
  if (m) return m[1].endsWith('s') ? m[1] : `${m[1]}s`;
  if (unit === 'By') return 'bytes';
  if (unit === '1') return '';
  return unit;
}

// ---------------------------------------------------------------------------------------------------------
// Colors: one per resource, stable for a name (hash), distinct among those seen in this session.

// Ordered so that neighbours differ most; red is left out (it means "error" everywhere else).
const PALETTE = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#be185d', '#854d0e', '#4338ca',
  '#4d7c0f', '#0369a1', '#9d174d', '#475569'];
const assigned = new Map();
const taken = new Set();

function hash(str) {
  let x = 2166136261;
  for (let i = 0; i < str.length; i++) {
    x ^= str.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return x >>> 0;
}

function take(name, start) {
  let i = start % PALETTE.length;
  for (let n = 0; n < PALETTE.length && taken.has(i); n++) i = (i + 1) % PALETTE.length;
  taken.add(i);
  const c = PALETTE[i];
  assigned.set(name, c);
  return c;
}

/** The color of a resource: stable for the session, distinct among the first twelve seen. */
export function colorFor(name) {
  if (!name) return '#57606a';
  return assigned.get(name) || take(name, hash(name));
}

/**
 * Gives the known resources (the telemetry resource list) palette colors in name order, so the same
 * set of resources always gets the same, well-separated colors whichever page is opened first.
 */
export function seedColors(names) {
  const fresh = [...new Set(names)].filter((n) => n && !assigned.has(n)).sort();
  let next = 0;
  for (const n of fresh) {
    while (next < PALETTE.length && taken.has(next)) next++;
    take(n, next < PALETTE.length ? next : hash(n));
  }
}

/** A chip showing a resource name in its color. */
export function resourceChip(name, attrs = {}) {
  const color = colorFor(name);
  return h('span', { class: 'chip res-chip', style: { '--res': color }, title: name, ...attrs }, name);
}

// ---------------------------------------------------------------------------------------------------------
// Per-view lifecycle

/** Everything a view starts (fetches, timers, streams) is tied to its context and stopped when the view is left. */
export class ViewContext {
  constructor() {
    this.controller = new AbortController();
    this.cleanups = [];
    this.disposed = false;
  }

  get signal() { return this.controller.signal; }

  api(path, options = {}) { return api(path, { ...options, signal: this.signal }); }

  onCleanup(fn) { this.cleanups.push(fn); }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.abort();
    for (const fn of this.cleanups.splice(0)) {
      try { fn(); } catch (e) { console.warn(e); }
    }
  }

  timeout(fn, ms) {
    const id = setTimeout(() => { if (!this.disposed) fn(); }, ms);
    this.onCleanup(() => clearTimeout(id));
    return id;
  }

  /**
   * Runs `fn` now and then `ms` after each run ends. Returns { refresh() } to run it again at once
   * (coalesced with a run in progress). Errors go to `onError` (default: console).
   */
  poll(fn, ms, onError) {
    let timer = null;
    let running = false;
    let again = false;
    const tick = async () => {
      if (this.disposed) return;
      clearTimeout(timer);
      if (running) { again = true; return; }
      running = true;
      try {
        await fn();
        if (onError) onError(null);
      } catch (e) {
        if (!isAbort(e) && !this.disposed) (onError || console.warn)(e);
      } finally {
        running = false;
      }
      if (this.disposed) return;
      if (again) { again = false; tick(); } else timer = setTimeout(tick, ms);
    };
    this.onCleanup(() => clearTimeout(timer));
    tick();
    return { refresh: tick };
  }

  /**
   * Opens an EventSource and keeps it open until the view is left. `url` may be a function (re-evaluated
   * on reconnect). `events` maps event names to handlers of the parsed JSON data. `onState` gets
   * 'open' | 'reconnecting'. A stream closed by the server (e.g. 401) is probed: 401 → /login, else reopened.
   */
  sse(url, events, onState) {
    let es = null;
    let retry = null;
    let stopped = false;
    const open = () => {
      if (stopped || this.disposed) return;
      es = new EventSource(typeof url === 'function' ? url() : url);
      es.onopen = () => onState && onState('open');
      for (const [name, handler] of Object.entries(events)) {
        es.addEventListener(name, (ev) => {
          let data;
          try { data = JSON.parse(ev.data); } catch { return; }
          handler(data);
        });
      }
      es.onerror = () => {
        if (stopped) return;
        onState && onState('reconnecting');
        if (es.readyState === EventSource.CLOSED) {
          es = null;
          // The browser gave up (non-200 answer): find out whether the session ended, then try again.
          fetch('/api/resources', { credentials: 'same-origin', signal: this.signal })
            .then((r) => { if (r.status === 401) redirectToLogin(); })
            .catch(() => {})
            .finally(() => { retry = setTimeout(open, 3000); });
        }
      };
    };
    const close = () => {
      stopped = true;
      clearTimeout(retry);
      if (es) es.close();
      es = null;
    };
    this.onCleanup(close);
    open();
    return {
      close,
      reopen: () => {
        if (es) es.close();
        es = null;
        clearTimeout(retry);
        stopped = false;
        open();
      },
    };
  }
}

/** Debounces a function (for text filters). */
export function debounce(fn, ms = 300) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/** Replaces the query part of the current hash route without triggering a re-render. */
export function replaceQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const qs = q.toString();
  history.replaceState(history.state, '', `#${path}${qs ? `?${qs}` : ''}`);
}

/** A small inline spinner. */
export const spinner = () => h('span', { class: 'spinner', 'aria-hidden': 'true' });

/** A labelled form field wrapper for toolbars. */
export function field(label, control) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
}

/** Renders a key → value object as a two-column table (attributes). */
export function attrTable(obj, testid) {
  const entries = Object.entries(obj || {});
  if (!entries.length) return h('p', { class: 'muted small' }, 'None');
  entries.sort(([a], [b]) => a.localeCompare(b));
  return h('table', { class: 'kv', testid },
    h('tbody', null, entries.map(([k, v]) =>
      h('tr', null, h('th', { title: k }, k), h('td', null, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''))))));
}

/** An empty-state row for a table body. */
export function emptyRow(colspan, text) {
  return h('tr', { class: 'empty-row' }, h('td', { colspan }, text));
}

/** An error banner area for a view: set(null) hides it. */
export function errorBanner() {
  const el = h('div', { class: 'banner banner-error', role: 'alert', testid: 'view-error', hidden: true });
  return {
    el,
    set(e) {
      if (!e) { el.hidden = true; return; }
      el.hidden = false;
      setText(el, e instanceof ApiError ? (e.detail ? `${e.title}: ${e.detail}` : e.title) : String(e.message || e));
    },
  };
}

/** The connection indicator in the navigation rail: 'live' | 'reconnecting' | 'down'. */
export function connection(state) {
  const el = document.getElementById('conn');
  if (!el) return;
  el.dataset.state = state;
  const text = el.querySelector('.conn-text');
  setText(text, state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting' : 'Offline');
  el.title = state === 'live' ? 'Connected to the AppHost' : state === 'reconnecting' ? 'Reconnecting to the AppHost…' : 'The AppHost does not answer';
}

// Dashboard entry point: hash router, navigation and sign-out. Each view is an ES module exporting
// `title` and `mount(root, ctx, route)`; everything it starts is tied to `ctx` and stopped on leave.

import { h, api, toastError, ViewContext, connection } from './lib.js';
import * as resources from './views/resources.js';
import * as consoleView from './views/console.js';
import * as logs from './views/logs.js';
import * as traces from './views/traces.js';
import * as metrics from './views/metrics.js';
import * as messaging from './views/messaging.js';

const views = { resources, console: consoleView, logs, traces, metrics, messaging };

/** '#/traces/abc?x=1' → { view: 'traces', args: ['abc'], query: URLSearchParams }. */
export function parseRoute(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const qi = raw.indexOf('?');
  const path = qi >= 0 ? raw.slice(0, qi) : raw;
  const query = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { view: parts[0] || '', args: parts.slice(1), query };
}

let current = null;

function render() {
  const route = parseRoute(location.hash);
  const view = views[route.view];
  if (!view) {
    history.replaceState(null, '', '#/resources');
    render();
    return;
  }
  if (current) current.dispose();
  const ctx = new ViewContext();
  current = ctx;
  const main = document.getElementById('main');
  main.replaceChildren();
  main.scrollTop = 0;
  for (const a of document.querySelectorAll('.rail .nav[data-view]')) {
    const active = a.dataset.view === route.view;
    a.classList.toggle('active', active);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const root = h('div', { class: `view view-${route.view}` });
  main.appendChild(root);
  document.title = `${typeof view.title === 'function' ? view.title(route) : view.title} · Smarketing dashboard`;
  try {
    view.mount(root, ctx, route);
  } catch (e) {
    console.error(e);
    toastError(e);
  }
}

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api('/api/logout', { method: 'POST' });
  } catch (e) {
    if (e.status !== 401) { toastError(e); return; }
  }
  location.assign('/login');
});

window.addEventListener('hashchange', render);
connection('live');
render();

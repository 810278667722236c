// #/resources: every resource the AppHost runs, live over SSE, with start/stop/restart and a details panel.

import {
  h, fill, setText, safeUrl, api, toast, toastError, fmtUptime, fmtDateTime, fmtTime, spinner, connection,
  replaceQuery, errorBanner, emptyRow,
} from '../lib.js';

export const title = 'Resources';

const COMMANDS = [
  { name: 'start', label: 'Start', done: 'started', icon: 'M7 5l11 7-11 7z' },
  { name: 'stop', label: 'Stop', done: 'stopped', icon: 'M6 6h12v12H6z' },
  { name: 'restart', label: 'Restart', done: 'restarted', icon: 'M19 12a7 7 0 1 1-2.05-4.95M19 4v4h-4' },
];

const COLUMNS = ['Name', 'Type', 'State', 'Health', 'PIDs', 'Uptime', 'Restarts', 'Exit code', 'Endpoints', 'Actions'];

function icon(d) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', d);
  svg.appendChild(p);
  return svg;
}

function lockIcon() {
  const svg = icon('M7 11V8a5 5 0 0 1 10 0v3M5 11h14v10H5z');
  svg.setAttribute('class', 'lock');
  const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  t.textContent = 'Secret: the value is masked';
  svg.prepend(t);
  return svg;
}

function endpointLinks(endpoints) {
  return (endpoints || []).map((e) => {
    const href = safeUrl(e.url);
    const text = e.url || e.name;
    return href
      ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'endpoint', title: e.name ? `${e.name}: ${e.url}` : e.url }, text)
      : h('span', { class: 'endpoint' }, text);
  });
}

/** A secret's value as shown: the server masks secrets; if one still looks unmasked, hide it entirely. */
function maskedValue(v) {
  const value = v.value == null ? '' : String(v.value);
  if (!v.secret) return value;
  return value.includes('***') ? value : '******';
}

export function mount(root, ctx, route) {
  let items = new Map();
  let received = false;
  let streamed = false;
  let selected = route.query.get('selected') || route.args[0] || null;
  let detailsSig = null;
  let filterText = '';
  const pending = new Map();
  const rows = new Map();

  const banner = errorBanner();
  const count = h('span', { class: 'muted' });
  const filter = h('input', {
    type: 'search', class: 'input', placeholder: 'Filter resources', testid: 'resources-filter', 'aria-label': 'Filter resources',
    oninput: () => { filterText = filter.value.trim().toLowerCase(); render(); },
  });
  const tbody = h('tbody');
  const table = h('table', { class: 'table', testid: 'resources-table' },
    h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))), tbody);
  const details = h('aside', { class: 'details', testid: 'resource-details', hidden: true, 'aria-label': 'Resource details' });
  const split = h('div', { class: 'split' }, h('div', { class: 'table-wrap' }, table), details);

  root.append(
    h('header', { class: 'view-head' }, h('h1', null, 'Resources'), count, h('span', { class: 'grow' }), filter),
    banner.el,
    split);

  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && selected) select(null);
  });

  function createRow(name) {
    const c = { name };
    c.tr = h('tr', {
      testid: `resource-row-${name}`, class: 'clickable', tabindex: '0', dataset: { name },
      onclick: () => select(name),
      onkeydown: (e) => { if (e.key === 'Enter' && e.target === c.tr) select(name); },
    });
    c.nameText = h('span', { class: 'res-name' }, name);
    c.replicas = h('span', { class: 'badge', title: 'Replicas' });
    c.kind = h('td', { class: 'muted' });
    c.state = h('td', { class: 'state', testid: `resource-state-${name}` });
    c.health = h('td', { class: 'health', testid: `resource-health-${name}` });
    c.pids = h('td', { class: 'mono', testid: `resource-pids-${name}` });
    c.uptime = h('td', { class: 'num', testid: `resource-uptime-${name}` });
    c.restarts = h('td', { class: 'num', testid: `resource-restarts-${name}` });
    c.exit = h('td', { class: 'num mono dash-if-empty', testid: `resource-exit-${name}` });
    c.endpoints = h('td', { class: 'endpoints', testid: `resource-endpoints-${name}` });
    c.endpointsSig = null;
    c.buttons = {};
    const actions = h('div', { class: 'actions' });
    for (const cmd of COMMANDS) {
      const b = h('button', {
        type: 'button', class: `btn btn-small btn-icon btn-${cmd.name}`, testid: `resource-${cmd.name}-${name}`, title: `${cmd.label} ${name}`,
        'aria-label': `${cmd.label} ${name}`, disabled: true,
        onclick: (e) => { e.stopPropagation(); run(name, cmd); },
      }, icon(cmd.icon));
      c.buttons[cmd.name] = b;
      actions.appendChild(b);
    }
    actions.appendChild(h('a', {
      class: 'btn btn-small btn-icon btn-ghost', href: `#/console/${encodeURIComponent(name)}`, title: `Console output of ${name}`,
      'aria-label': `Console output of ${name}`, testid: `resource-console-${name}`, onclick: (e) => e.stopPropagation(),
    }, icon('M4 5h16v14H4zM7.5 9.5l2.5 2.5-2.5 2.5M12 15h4')));
    c.tr.append(
      h('td', { class: 'cell-name' }, c.nameText, c.replicas),
      c.kind, c.state, c.health, c.pids, c.uptime, c.restarts, c.exit, c.endpoints,
      h('td', { class: 'cell-actions' }, actions));
    return c;
  }

  function updateButtons(c, it) {
    const busy = pending.get(c.name);
    for (const cmd of COMMANDS) {
      const b = c.buttons[cmd.name];
      const allowed = (it.commands || []).includes(cmd.name);
      b.disabled = !!busy || !allowed;
      const running = busy === cmd.name;
      if (running !== b.classList.contains('busy')) {
        b.classList.toggle('busy', running);
        b.setAttribute('aria-busy', String(running));
        b.firstChild.replaceWith(running ? spinner() : icon(cmd.icon));
      }
    }
    c.tr.classList.toggle('busy', !!busy);
  }

  function updateRow(c, it) {
    setText(c.kind, it.kind);
    setText(c.state, it.state);
    c.state.dataset.state = it.state || '';
    const hs = (it.health && it.health.status) || 'Unknown';
    setText(c.health, hs);
    c.health.dataset.health = hs;
    c.health.title = (it.health && it.health.report) || '';
    setText(c.pids, (it.pids || []).join(', '));
    setText(c.uptime, it.uptimeSeconds != null && it.startedAt ? fmtUptime(it.uptimeSeconds) : '');
    c.uptime.title = it.startedAt ? `Started ${fmtDateTime(it.startedAt)}` : '';
    setText(c.restarts, it.restarts ?? 0);
    setText(c.exit, it.exitCode ?? '');
    const n = (it.replicas || []).length;
    setText(c.replicas, n > 1 ? `×${n}` : '');
    c.replicas.hidden = n <= 1;
    const sig = JSON.stringify(it.endpoints || []);
    if (sig !== c.endpointsSig) {
      c.endpointsSig = sig;
      c.endpoints.replaceChildren(...endpointLinks(it.endpoints));
    }
    updateButtons(c, it);
  }

  function matches(it) {
    if (!filterText) return true;
    return [it.name, it.kind, it.state].some((v) => String(v || '').toLowerCase().includes(filterText));
  }

  function render() {
    const list = [...items.values()];
    for (const [n, c] of rows) {
      if (!items.has(n)) { c.tr.remove(); rows.delete(n); }
    }
    const ordered = [];
    for (const it of list) {
      let c = rows.get(it.name);
      if (!c) { c = createRow(it.name); rows.set(it.name, c); }
      updateRow(c, it);
      c.tr.hidden = !matches(it);
      c.tr.classList.toggle('selected', it.name === selected);
      c.tr.setAttribute('aria-selected', String(it.name === selected));
      ordered.push(c.tr);
    }
    const current = [...tbody.children];
    if (current.length !== ordered.length || current.some((tr, i) => tr !== ordered[i])) tbody.replaceChildren(...ordered);
    if (!list.length) tbody.replaceChildren(emptyRow(COLUMNS.length, received ? 'No resources.' : 'Loading resources…'));
    else if (!ordered.some((tr) => !tr.hidden)) tbody.appendChild(emptyRow(COLUMNS.length, 'No resource matches the filter.'));
    const running = list.filter((i) => i.state === 'Running').length;
    setText(count, received ? `${running} of ${list.length} running` : '');
    renderDetails();
  }

  function apply(list) {
    received = true;
    items = new Map((list || []).map((i) => [i.name, i]));
    render();
  }

  function select(name) {
    selected = name;
    detailsSig = null;
    replaceQuery('/resources', { selected: name });
    render();
    if (name) {
      details.scrollTop = 0;
      const c = rows.get(name);
      if (c) c.tr.scrollIntoView({ block: 'nearest' });
    }
  }

  async function run(name, cmd) {
    if (pending.has(name)) return;
    pending.set(name, cmd.name);
    render();
    try {
      const item = await api(`/api/resources/${encodeURIComponent(name)}/commands/${cmd.name}`, { method: 'POST' });
      if (item && item.name === name) items.set(name, item);
      toast(`${name} ${cmd.done}`, 'success');
    } catch (e) {
      toastError(e);
    } finally {
      pending.delete(name);
      if (!ctx.disposed) render();
    }
  }

  function section(heading, ...content) {
    return h('section', { class: 'details-section' }, h('h3', null, heading), ...content);
  }

  function renderDetails() {
    const it = selected && items.get(selected);
    if (!it) {
      details.hidden = true;
      split.classList.remove('with-details');
      return;
    }
    details.hidden = false;
    split.classList.add('with-details');
    const { uptimeSeconds, ...rest } = it;
    const sig = JSON.stringify(rest);
    if (sig === detailsSig) {
      const up = details.querySelector('[data-field="uptime"]');
      if (up) setText(up, it.uptimeSeconds != null && it.startedAt ? fmtUptime(it.uptimeSeconds) : '–');
      return;
    }
    detailsSig = sig;
    const hs = (it.health && it.health.status) || 'Unknown';
    const dl = h('dl', { class: 'props' },
      h('dt', null, 'Type'), h('dd', null, it.kind),
      h('dt', null, 'State'), h('dd', null, h('span', { class: 'state', dataset: { state: it.state } }, it.state)),
      h('dt', null, 'Health'), h('dd', null, h('span', { class: 'health', dataset: { health: hs } }, hs),
        it.health && it.health.checkedAt ? h('span', { class: 'muted small' }, ` checked ${fmtTime(it.health.checkedAt)}`) : null),
      h('dt', null, 'Started'), h('dd', null, it.startedAt ? fmtDateTime(it.startedAt) : '–'),
      h('dt', null, 'Uptime'), h('dd', { dataset: { field: 'uptime' } }, it.uptimeSeconds != null && it.startedAt ? fmtUptime(it.uptimeSeconds) : '–'),
      h('dt', null, 'Restarts'), h('dd', null, String(it.restarts ?? 0)),
      h('dt', null, 'Exit code'), h('dd', null, it.exitCode == null ? '–' : String(it.exitCode)),
      h('dt', null, 'PIDs'), h('dd', { class: 'mono' }, (it.pids || []).join(', ') || '–'));
    if (it.health && it.health.report) dl.append(h('dt', null, 'Health report'), h('dd', { class: 'mono small wrap' }, it.health.report));

    const refs = (it.references || []).map((r) => (items.has(r)
      ? h('a', {
        href: `#/resources?selected=${encodeURIComponent(r)}`, class: 'chip chip-link', testid: 'resource-reference',
        onclick: (e) => { e.preventDefault(); select(r); },
      }, r)
      : h('span', { class: 'chip', testid: 'resource-reference' }, r)));

    const env = [...(it.environment || [])].sort((a, b) => a.name.localeCompare(b.name));
    const envTable = env.length
      ? h('table', { class: 'kv env', testid: 'resource-environment' }, h('tbody', null, env.map((v) => h('tr', { class: v.secret ? 'secret' : null },
        h('th', { title: v.name }, v.name),
        h('td', null, v.secret ? lockIcon() : null, maskedValue(v))))))
      : h('p', { class: 'muted small' }, 'None');

    const reports = it.healthReports || [];
    const reportList = reports.length
      ? h('ul', { class: 'reports', testid: 'resource-health-reports' }, reports.map((r) => h('li', null,
        h('span', { class: 'health', dataset: { health: r.status } }, r.status),
        h('span', { class: 'muted small' }, ` ${fmtTime(r.at)} `),
        h('div', { class: 'mono small wrap' }, r.report || ''))))
      : h('p', { class: 'muted small' }, 'No health check yet.');

    const replicas = it.replicas || [];
    const replicaTable = replicas.length
      ? h('table', { class: 'table table-compact', testid: 'resource-replicas' },
        h('thead', null, h('tr', null, h('th', null, 'Replica'), h('th', null, 'PID'), h('th', null, 'URL'), h('th', null, 'Running'))),
        h('tbody', null, replicas.map((r) => h('tr', null,
          h('td', null, r.name), h('td', { class: 'mono' }, r.pid ?? '–'),
          h('td', null, safeUrl(r.url) ? h('a', { href: safeUrl(r.url), target: '_blank', rel: 'noopener noreferrer' }, r.url) : (r.url || '–')),
          h('td', null, h('span', { class: 'state', dataset: { state: r.running ? 'Running' : 'Exited' } }, r.running ? 'Yes' : 'No'))))))
      : h('p', { class: 'muted small' }, 'None');

    fill(details,
      h('div', { class: 'details-head' },
        h('div', null, h('h2', null, it.name), h('div', { class: 'muted small' }, it.kind)),
        h('span', { class: 'grow' }),
        h('a', { class: 'btn btn-small btn-ghost', href: `#/console/${encodeURIComponent(it.name)}` }, 'Console'),
        h('button', { type: 'button', class: 'icon-btn', title: 'Close', 'aria-label': 'Close details', testid: 'resource-details-close', onclick: () => select(null) }, '×')),
      section('Overview', dl),
      section('Endpoints', (it.endpoints || []).length ? h('div', { class: 'stack' }, endpointLinks(it.endpoints)) : h('p', { class: 'muted small' }, 'None')),
      section('References', refs.length ? h('div', { class: 'chips' }, refs) : h('p', { class: 'muted small' }, 'None')),
      section(`Replicas (${replicas.length})`, replicaTable),
      section('Health checks', reportList),
      section(`Environment (${env.length})`, envTable));
  }

  render();
  ctx.api('/api/resources')
    .then((d) => { if (!streamed) apply(d.items); banner.set(null); })
    .catch((e) => { if (e.name !== 'AbortError') banner.set(e); });
  ctx.sse('/api/resources/stream', {
    resources: (d) => { streamed = true; banner.set(null); apply(d.items); },
  }, (state) => connection(state === 'open' ? 'live' : 'reconnecting'));
}

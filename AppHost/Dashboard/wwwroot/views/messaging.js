// #/messaging: RabbitMQ queues (via the AppHost), error queues highlighted; an error queue's failed messages
// can be inspected and moved back to their queue. Refreshed every 5 s.

import {
  h, fill, setText, fmtNum, fmtDateTime, fmtTime, api, toast, toastError, spinner, errorBanner, emptyRow, replaceQuery,
  connection,
} from '../lib.js';

export const title = 'Messaging';

const COLUMNS = ['Queue', 'Messages', 'Ready', 'Unacked', 'Consumers', 'Publish/s', 'Deliver/s', 'Ack/s', 'Failed', ''];

function shortType(t) {
  if (!t) return '';
  const s = String(t).split(/[:;]/).filter(Boolean);
  return s[s.length - 1] || t;
}

function prettyBody(body) {
  if (body == null) return '';
  const text = String(body);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const rate = (v) => (v == null ? '–' : fmtNum(v));

export function mount(root, ctx, route) {
  let selected = route.query.get('queue') || null;
  let queues = new Map();
  let loaded = false;
  let moving = null;
  let moveResult = null; // { queue, moved, to, error }
  let messagesSig = null;
  let messagesVersion = 0;
  const expanded = new Set();
  const rows = new Map();

  const banner = errorBanner();
  const unavailable = h('div', { class: 'banner banner-warn', testid: 'messaging-unavailable', hidden: true });
  const summary = h('span', { class: 'muted small', testid: 'messaging-summary' });
  const tbody = h('tbody', null, emptyRow(COLUMNS.length, 'Loading queues…'));
  const table = h('table', { class: 'table table-queues', testid: 'queues-table' },
    h('thead', null, h('tr', null, COLUMNS.map((c, i) => h('th', { scope: 'col', class: i > 0 && i < 8 ? 'num' : null }, c)))), tbody);
  const panel = h('section', { class: 'panel error-panel', testid: 'error-messages', hidden: true, 'aria-label': 'Failed messages' });

  root.append(
    h('header', { class: 'view-head' }, h('h1', null, 'Messaging'), summary, h('span', { class: 'grow' })),
    banner.el,
    unavailable,
    h('div', { class: 'table-wrap queues-wrap' }, table),
    panel);

  const poller = ctx.poll(refresh, 5000, (e) => { banner.set(e); connection(e ? 'down' : 'live'); });

  function createRow(name) {
    const c = { name };
    c.tr = h('tr', {
      testid: `queue-row-${name}`, tabindex: '0', dataset: { queue: name },
      onclick: () => { const q = queues.get(name); if (q && q.isErrorQueue) select(name); },
      onkeydown: (e) => { if (e.key === 'Enter' && e.target === c.tr) c.tr.click(); },
    });
    c.kind = h('span', { class: 'badge badge-error', hidden: true }, 'error queue');
    c.cells = {};
    for (const k of ['messages', 'ready', 'unacked', 'consumers', 'publishRate', 'deliverRate', 'ackRate']) {
      c.cells[k] = h('td', { class: 'num', testid: `queue-${k}-${name}` });
    }
    c.failed = h('td', { testid: `queue-failed-${name}` });
    c.actions = h('td', { class: 'cell-actions' });
    c.tr.append(h('td', { class: 'queue-name' }, h('span', { class: 'mono' }, name), ' ', c.kind),
      ...Object.values(c.cells), c.failed, c.actions);
    c.moveBtn = null;
    return c;
  }

  function updateRow(c, q) {
    const isErr = !!q.isErrorQueue;
    c.tr.classList.toggle('error-queue', isErr);
    c.tr.classList.toggle('has-failed', isErr && q.messages > 0);
    c.tr.classList.toggle('clickable', isErr);
    c.tr.classList.toggle('selected', isErr && selected === q.name);
    c.kind.hidden = !isErr;
    setText(c.cells.messages, String(q.messages ?? 0));
    setText(c.cells.ready, String(q.ready ?? 0));
    setText(c.cells.unacked, String(q.unacked ?? 0));
    setText(c.cells.consumers, String(q.consumers ?? 0));
    setText(c.cells.publishRate, rate(q.publishRate));
    setText(c.cells.deliverRate, rate(q.deliverRate));
    setText(c.cells.ackRate, rate(q.ackRate));

    // Failed: an error queue shows its own count; a queue shows its error queue's count, linking to it.
    const errName = isErr ? q.name : q.errorQueue;
    const errQueue = errName ? queues.get(errName) : null;
    const failed = isErr ? q.messages : errQueue ? errQueue.messages : null;
    const key = `${errName}|${failed}`;
    if (c.failedKey !== key) {
      c.failedKey = key;
      if (failed == null) c.failed.replaceChildren();
      else if (failed === 0) c.failed.replaceChildren(h('span', { class: 'muted' }, '0'));
      else if (isErr) c.failed.replaceChildren(h('span', { class: 'count-badge', testid: `error-count-${q.name}` }, String(failed)));
      else {
        c.failed.replaceChildren(h('a', {
          href: `#/messaging?queue=${encodeURIComponent(errName)}`, class: 'count-badge', title: `Open ${errName}`,
          onclick: (e) => { e.preventDefault(); e.stopPropagation(); select(errName); },
        }, `${failed} failed`));
      }
    }

    if (isErr && !c.moveBtn) {
      c.moveBtn = h('button', {
        type: 'button', class: 'btn btn-small', testid: `move-back-${q.name}`,
        title: `Move every message of ${q.name} back to ${q.name.replace(/_error$/, '')}`,
        onclick: (e) => { e.stopPropagation(); moveBack(q.name); },
      }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '↩'), h('span', null, 'Move back'));
      c.actions.replaceChildren(c.moveBtn);
    }
    if (c.moveBtn) {
      const busy = moving === q.name;
      c.moveBtn.disabled = !!moving;
      if (busy !== c.moveBtn.classList.contains('busy')) {
        c.moveBtn.classList.toggle('busy', busy);
        c.moveBtn.setAttribute('aria-busy', String(busy));
        c.moveBtn.firstChild.replaceWith(busy ? spinner() : h('span', { class: 'glyph', 'aria-hidden': 'true' }, '↩'));
      }
      c.moveBtn.classList.toggle('btn-danger-soft', q.messages > 0);
    }
  }

  function renderQueues() {
    const list = [...queues.values()];
    for (const [n, c] of rows) if (!queues.has(n)) { c.tr.remove(); rows.delete(n); }
    const ordered = list.map((q) => {
      let c = rows.get(q.name);
      if (!c) { c = createRow(q.name); rows.set(q.name, c); }
      updateRow(c, q);
      return c.tr;
    });
    if (!ordered.length) tbody.replaceChildren(emptyRow(COLUMNS.length, loaded ? 'No queues.' : 'Loading queues…'));
    else {
      const current = [...tbody.children];
      if (current.length !== ordered.length || current.some((tr, i) => tr !== ordered[i])) tbody.replaceChildren(...ordered);
    }
    const errorQueues = list.filter((q) => q.isErrorQueue);
    const failed = errorQueues.reduce((n, q) => n + (q.messages || 0), 0);
    setText(summary, loaded ? `${list.length - errorQueues.length} queues · ${failed} failed message${failed === 1 ? '' : 's'}` : '');
  }

  async function refresh() {
    const d = await ctx.api('/api/messaging/queues');
    loaded = true;
    const items = [...((d && d.items) || [])].sort((a, b) => a.name.localeCompare(b.name));
    queues = new Map(items.map((q) => [q.name, q]));
    if (d && d.available === false) {
      unavailable.hidden = false;
      setText(unavailable, `RabbitMQ is not available${d.error ? `: ${d.error}` : '.'}`);
    } else unavailable.hidden = true;
    renderQueues();
    if (selected) await loadMessages();
  }

  function select(name) {
    const changed = selected !== name;
    if (changed) {
      selected = name;
      messagesSig = null;
      expanded.clear();
      if (moveResult && moveResult.queue !== name) moveResult = null;
      replaceQuery('/messaging', { queue: name });
    }
    renderQueues();
    renderPanel(changed ? null : undefined);
    if (name) {
      loadMessages().catch((e) => { if (e.name !== 'AbortError') toastError(e); });
      panel.scrollIntoView({ block: 'nearest' });
    }
  }

  async function loadMessages() {
    const name = selected;
    const v = ++messagesVersion;
    const d = await ctx.api(`/api/messaging/queues/${encodeURIComponent(name)}/messages?limit=50`);
    if (v !== messagesVersion || name !== selected) return;
    renderPanel((d && d.items) || []);
  }

  async function moveBack(name) {
    if (moving) return;
    moving = name;
    if (selected !== name) select(name);
    moveResult = null;
    renderQueues();
    renderPanel(undefined);
    try {
      const r = await api(`/api/messaging/queues/${encodeURIComponent(name)}/move`, { method: 'POST' });
      moveResult = { queue: name, moved: r.moved ?? 0, to: r.to || name.replace(/_error$/, '') };
      toast(`Moved ${moveResult.moved} message${moveResult.moved === 1 ? '' : 's'} back to ${moveResult.to}`, 'success');
    } catch (e) {
      moveResult = { queue: name, error: e.detail ? `${e.title}: ${e.detail}` : (e.title || String(e.message || e)) };
      toastError(e);
    } finally {
      moving = null;
      if (!ctx.disposed) {
        messagesSig = null;
        renderQueues();
        renderPanel(undefined);
        poller.refresh();
      }
    }
  }

  let lastMessages = null;
  /** items: array → new data; null → loading; undefined → re-render with the current data. */
  function renderPanel(items) {
    if (!selected) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    if (items !== undefined) lastMessages = items;
    const msgs = lastMessages;
    const sig = JSON.stringify([selected, msgs, moveResult, moving, [...expanded]]);
    if (sig === messagesSig && !panel.hidden) return;
    messagesSig = sig;
    panel.hidden = false;
    const q = queues.get(selected);
    const to = selected.replace(/_error$/, '');
    const result = moveResult && moveResult.queue === selected
      ? h('div', { class: ['move-result', moveResult.error ? 'move-result-error' : 'move-result-ok'], testid: 'move-result', role: 'status' },
        moveResult.error ? `Move failed: ${moveResult.error}` : `Moved ${moveResult.moved} message${moveResult.moved === 1 ? '' : 's'} back to ${moveResult.to}.`)
      : null;
    let body;
    if (msgs == null) body = h('p', { class: 'muted' }, 'Loading messages…');
    else if (!msgs.length) body = h('p', { class: 'muted', testid: 'error-messages-empty' }, 'This error queue is empty.');
    else {
      body = h('div', { class: 'table-wrap' }, h('table', { class: 'table table-messages' },
        h('colgroup', null, h('col', { style: { width: '150px' } }), h('col', { style: { width: '150px' } }), h('col', { style: { width: '28%' } }),
          h('col', { style: { width: '170px' } }), h('col', { style: { width: '110px' } }), h('col')),
        h('thead', null, h('tr', null, ['Failed at', 'Message type', 'Reason', 'Exception', 'Host', 'Body'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, msgs.map((m, i) => {
          const key = m.messageId || String(i);
          const open = expanded.has(key);
          return h('tr', {
            testid: 'error-message', class: ['clickable', open && 'expanded'], dataset: { messageId: m.messageId || '' },
            title: open ? 'Click to collapse' : 'Click to show the whole body',
            onclick: () => { if (expanded.has(key)) expanded.delete(key); else expanded.add(key); renderPanel(undefined); },
          },
          h('td', { class: 'small', title: fmtDateTime(m.failedAt) }, m.failedAt ? `${fmtTime(m.failedAt)}` : '–',
            h('div', { class: 'muted small' }, m.failedAt ? fmtDateTime(m.failedAt).slice(0, 10) : '')),
          h('td', { class: 'ellipsis', title: m.messageType || '' }, shortType(m.messageType)),
          h('td', { class: 'reason' }, h('div', { class: open ? null : 'clamp', testid: 'error-reason' }, m.reason || '–')),
          h('td', { class: 'ellipsis mono small', title: m.exceptionType || '' }, shortType(m.exceptionType) || '–'),
          h('td', { class: 'ellipsis small', title: m.host || '' }, m.host || '–'),
          h('td', { class: 'body-cell' }, open
            ? h('pre', { class: 'body-full', testid: 'error-body' }, prettyBody(m.body))
            : h('span', { class: 'body-preview mono small', testid: 'error-body' }, String(m.body ?? '').slice(0, 160))));
        }))));
    }
    fill(panel,
      h('div', { class: 'panel-head' },
        h('div', { class: 'min0' },
          h('h2', { class: 'panel-title' }, 'Failed messages in ', h('span', { class: 'mono' }, selected)),
          h('div', { class: 'muted small' },
            `${q ? q.messages : (msgs ? msgs.length : 0)} in queue${msgs && msgs.length ? `, showing ${msgs.length}` : ''} · "Move back" returns them to ${to}`)),
        h('span', { class: 'grow' }),
        h('button', {
          type: 'button', class: ['btn', 'btn-small', q && q.messages > 0 && 'btn-danger-soft', moving === selected && 'busy'],
          disabled: !!moving, title: `Move every message of ${selected} back to ${to}`,
          onclick: () => moveBack(selected),
        }, moving === selected ? spinner() : h('span', { class: 'glyph', 'aria-hidden': 'true' }, '↩'), h('span', null, 'Move back')),
        h('button', { type: 'button', class: 'icon-btn', title: 'Close', 'aria-label': 'Close failed messages', testid: 'error-messages-close', onclick: () => select(null) }, '×')),
      result,
      body);
  }

  renderQueues();
  if (selected) renderPanel(null);
}

// #/metrics: headline lead counters, a chart of any instrument and the HTTP latency percentiles; every 5 s.

import {
  h, setText, errorBanner, replaceQuery, fmtUnit, plainNum, fmtNum, parseTime, connection, ApiError,
} from '../lib.js';
import { lineChart, sparkline, fmtAxis } from '../chart.js';

export const title = 'Metrics';

const COUNTERS = [
  { name: 'smarketing.leads.captured', label: 'Leads captured', color: '#1d4ed8' },
  { name: 'smarketing.leads.scored', label: 'Leads scored', color: '#047857' },
  { name: 'smarketing.leads.assigned', label: 'Leads assigned', color: '#6d28d9' },
];
const LATENCY = 'http.server.request.duration';
const WINDOWS = [5, 15, 30, 60];
const PCT = [
  { key: 'p50', name: 'p50', color: '#0e7490' },
  { key: 'value', name: 'p90', color: '#b45309' },
  { key: 'p99', name: 'p99', color: '#b91c1c' },
];

/** Seconds-based durations are shown in ms. */
function scaleFor(unit) {
  return unit === 's' ? { factor: 1000, unit: 'ms' } : { factor: 1, unit: fmtUnit(unit) };
}

export function mount(root, ctx, route) {
  const q = route.query;
  const state = {
    instrument: q.get('instrument') || '',
    resource: q.get('resource') || '',
    minutes: WINDOWS.includes(Number(q.get('minutes'))) ? q.get('minutes') : '5',
  };
  let instruments = [];
  let version = 0;
  let last = { series: null, latency: null };

  const banner = errorBanner();
  const instrumentSel = h('select', { class: 'input', testid: 'metrics-instrument', 'aria-label': 'Instrument' });
  const resourceSel = h('select', { class: 'input', testid: 'metrics-resource', 'aria-label': 'Resource' }, h('option', { value: '' }, 'All resources'));
  const windowSel = h('select', { class: 'input', testid: 'metrics-minutes', 'aria-label': 'Time window' },
    WINDOWS.map((m) => h('option', { value: String(m) }, `Last ${m} minutes`)));
  windowSel.value = state.minutes;
  if (state.instrument) instrumentSel.appendChild(h('option', { value: state.instrument }, state.instrument));
  if (state.resource) resourceSel.appendChild(h('option', { value: state.resource }, state.resource));
  resourceSel.value = state.resource;

  const cards = COUNTERS.map((c) => {
    const total = h('div', { class: 'card-value loading', testid: `metric-total-${c.name}` }, '0');
    const rate = h('div', { class: 'card-rate', testid: `metric-rate-${c.name}` }, '0/s');
    const spark = h('div', { class: 'card-spark' });
    const el = h('div', { class: 'card', testid: `metric-card-${c.name}`, title: c.name },
      h('div', { class: 'card-label' }, c.label), h('div', { class: 'card-row' }, total, rate), spark,
      h('div', { class: 'card-foot muted small' }, c.name));
    return { ...c, el, total, rate, spark };
  });

  const chartTitle = h('h2', { class: 'panel-title ellipsis' }, 'Instrument');
  const chartMeta = h('div', { class: 'muted small ellipsis', testid: 'metrics-instrument-description' });
  const chartHost = h('div', { class: 'chart-host' });
  const chartStat = h('div', { class: 'panel-stat', testid: 'metrics-instrument-total' });
  const latencyHost = h('div', { class: 'chart-host' });
  const latencyMeta = h('div', { class: 'muted small' }, 'ASP.NET Core server requests, p50 / p90 / p99');

  root.append(
    h('header', { class: 'view-head' }, h('h1', null, 'Metrics'), h('span', { class: 'grow' }),
      h('div', { class: 'toolbar-inline' }, resourceSel, instrumentSel, windowSel)),
    banner.el,
    h('div', { class: 'cards' }, cards.map((c) => c.el)),
    h('div', { class: 'panels' },
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('div', { class: 'min0' }, chartTitle, chartMeta), chartStat), chartHost),
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('div', null, h('h2', { class: 'panel-title' }, 'HTTP request latency'), latencyMeta)), latencyHost)));

  const poller = ctx.poll(refresh, 5000, (e) => { banner.set(e); connection(e ? 'down' : 'live'); });
  const changed = () => {
    version++;
    replaceQuery('/metrics', state);
    last = { series: null, latency: null };
    drawCharts();
    poller.refresh();
  };
  instrumentSel.addEventListener('change', () => { state.instrument = instrumentSel.value; state.resource = ''; changed(); });
  resourceSel.addEventListener('change', () => { state.resource = resourceSel.value; changed(); });
  windowSel.addEventListener('change', () => { state.minutes = windowSel.value; changed(); });

  const ro = new ResizeObserver(() => drawCharts());
  ro.observe(chartHost);
  ctx.onCleanup(() => ro.disconnect());

  async function series(name, { resource, minutes = 5 } = {}) {
    const p = new URLSearchParams({ name, minutes: String(minutes), stepSeconds: String(Math.max(5, minutes)) });
    if (resource) p.set('resource', resource);
    try {
      return await ctx.api(`/api/telemetry/metrics/series?${p}`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
      throw e;
    }
  }

  function syncInstruments() {
    const names = instruments.map((i) => i.name);
    if (!state.instrument) state.instrument = names.includes(COUNTERS[0].name) ? COUNTERS[0].name : (names[0] || '');
    const want = names.includes(state.instrument) || !state.instrument ? names : [...names, state.instrument];
    const have = [...instrumentSel.options].map((o) => o.value);
    if (want.length !== have.length || want.some((n, i) => n !== have[i])) {
      instrumentSel.replaceChildren(...(want.length ? want.map((n) => {
        const inst = instruments.find((i) => i.name === n);
        return h('option', { value: n, title: inst ? inst.description || '' : '' }, n);
      }) : [h('option', { value: '' }, 'No instruments yet')]));
    }
    instrumentSel.value = state.instrument;
    const inst = instruments.find((i) => i.name === state.instrument);
    const resources = inst ? [...(inst.resources || [])].sort() : [];
    const rWant = ['', ...resources, ...(state.resource && !resources.includes(state.resource) ? [state.resource] : [])];
    const rHave = [...resourceSel.options].map((o) => o.value);
    if (rWant.length !== rHave.length || rWant.some((n, i) => n !== rHave[i])) {
      resourceSel.replaceChildren(...rWant.map((n) => h('option', { value: n }, n || 'All resources')));
    }
    resourceSel.value = state.resource;
    setText(chartTitle, state.instrument || 'No instrument');
    const parts = [];
    if (inst) {
      if (inst.description) parts.push(inst.description);
      parts.push(inst.type + (inst.unit ? `, ${inst.unit}` : ''));
    }
    setText(chartMeta, parts.join(' · '));
    chartMeta.title = parts.join(' · ');
  }

  async function refresh() {
    const v = version;
    const list = await ctx.api('/api/telemetry/metrics');
    instruments = (list && list.items) || [];
    syncInstruments();
    const minutes = Number(state.minutes);
    const [counterSeries, main, latency] = await Promise.all([
      Promise.all(COUNTERS.map((c) => series(c.name))),
      state.instrument ? series(state.instrument, { resource: state.resource, minutes }) : null,
      series(LATENCY, { resource: state.resource, minutes }),
    ]);
    if (v !== version) return;
    cards.forEach((c, i) => {
      const se = counterSeries[i];
      const pts = (se && se.points) || [];
      setText(c.total, plainNum(se ? se.total : 0));
      c.total.classList.remove('loading');
      const lastPoint = pts.length ? pts[pts.length - 1].value : 0;
      setText(c.rate, `${fmtNum(lastPoint || 0)}/s`);
      c.rate.title = 'Per-second rate over the last step';
      c.spark.replaceChildren(sparkline(pts.map((p) => ({ t: parseTime(p.time), v: p.value })), c.color, 200, 34));
    });
    last = { series: main, latency, at: Date.now() };
    drawCharts();
  }

  function domain(minutes, ...sets) {
    let to = Date.now();
    for (const se of sets) for (const p of (se && se.points) || []) to = Math.max(to, parseTime(p.time) || 0);
    return { from: to - minutes * 60000, to };
  }

  function drawCharts() {
    const minutes = Number(state.minutes);
    const { from, to } = domain(minutes, last.series, last.latency);
    const width = chartHost.clientWidth || 520;

    // Selected instrument.
    const se = last.series;
    const type = (se && se.type) || (instruments.find((i) => i.name === state.instrument) || {}).type || 'Sum';
    const unitRaw = (se && se.unit) ?? (instruments.find((i) => i.name === state.instrument) || {}).unit ?? '';
    const { factor, unit } = scaleFor(unitRaw);
    const pts = (se && se.points) || [];
    let chartSeries;
    let yLabel;
    let format;
    if (type === 'Histogram') {
      chartSeries = PCT.map((p) => ({ name: p.name, color: p.color, points: pts.map((x) => ({ t: parseTime(x.time), v: x[p.key] == null ? null : x[p.key] * factor })) }));
      yLabel = unit || 'value';
      format = (v) => `${fmtAxis(v)} ${unit}`.trim();
      setText(chartStat, se ? `${plainNum(se.total)} recorded` : '');
    } else if (type === 'Gauge') {
      chartSeries = [{ name: state.instrument, color: '#5b4fc7', points: pts.map((x) => ({ t: parseTime(x.time), v: x.value * factor })) }];
      yLabel = unit || 'value';
      format = (v) => `${fmtAxis(v)} ${unit}`.trim();
      setText(chartStat, se ? `now ${fmtNum(se.total)} ${unit}`.trim() : '');
    } else {
      chartSeries = [{ name: `${unit || 'count'}/s`, color: '#5b4fc7', points: pts.map((x) => ({ t: parseTime(x.time), v: x.value * factor })) }];
      yLabel = `${unit || 'count'} / s`;
      format = (v) => `${fmtAxis(v)}/s`;
      setText(chartStat, se ? `total ${plainNum(se.total)}` : '');
    }
    chartHost.replaceChildren(lineChart({
      series: chartSeries, width, height: 300, from, to, yLabel, format, testid: 'metrics-chart',
      title: `${state.instrument} over the last ${minutes} minutes`,
      empty: state.instrument ? (last.at ? 'No data in this window' : 'Loading…') : 'No instruments received yet',
    }));

    // HTTP latency.
    const la = last.latency;
    const lScale = scaleFor((la && la.unit) || 's');
    const lpts = (la && la.points) || [];
    latencyHost.replaceChildren(lineChart({
      series: PCT.map((p) => ({ name: p.name, color: p.color, points: lpts.map((x) => ({ t: parseTime(x.time), v: x[p.key] == null ? null : x[p.key] * lScale.factor })) })),
      width: latencyHost.clientWidth || width, height: 300, from, to, yLabel: lScale.unit || 'ms',
      format: (v) => `${fmtAxis(v)} ${lScale.unit}`, testid: 'metrics-latency-chart', title: 'HTTP server request duration percentiles',
      empty: last.at ? 'No HTTP requests in this window' : 'Loading…',
    }));
  }

  drawCharts();
}

// Inline SVG line charts: time on x, values on y, with axes, grid, tick labels, a unit label, a legend
// and a hover read-out. Everything is drawn with createElementNS and text nodes.

import { s, fmtTime } from './lib.js';

function niceStep(range, count) {
  const raw = range / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return step * mag;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((x) => x * 1000);

export function fmtAxis(v) {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return String(Math.round(v));
  if (a >= 1) return String(+v.toFixed(2));
  return String(+v.toPrecision(2));
}

/**
 * @param {object} o
 * @param {{name:string,color:string,points:{t:number,v:number|null}[]}[]} o.series
 * @param {number} o.width   drawing width in px (the SVG scales to its container)
 * @param {number} [o.height]
 * @param {number} o.from    start of the x domain (ms since epoch)
 * @param {number} o.to      end of the x domain
 * @param {string} [o.yLabel] unit label for the y axis
 * @param {(v:number)=>string} [o.format] value format for the read-out
 * @param {string} [o.testid]
 * @param {string} [o.title] accessible title
 * @param {string} [o.empty] text shown when there is no point
 */
export function lineChart(o) {
  const W = Math.max(240, Math.round(o.width || 560));
  const H = o.height || 240;
  const multi = o.series.length > 1;
  const pad = { l: 54, r: 16, t: multi ? 26 : 14, b: 28 };
  const pw = W - pad.l - pad.r;
  const ph = H - pad.t - pad.b;
  const format = o.format || fmtAxis;

  const all = o.series.flatMap((se) => se.points.filter((p) => p.v != null && Number.isFinite(p.v)));
  const from = o.from ?? (all.length ? Math.min(...all.map((p) => p.t)) : Date.now() - 300000);
  const to = Math.max(o.to ?? (all.length ? Math.max(...all.map((p) => p.t)) : Date.now()), from + 1000);
  let yMax = all.length ? Math.max(...all.map((p) => p.v)) : 0;
  if (!(yMax > 0)) yMax = 1;
  const yStep = niceStep(yMax, 4);
  const yTop = Math.ceil(yMax / yStep - 1e-9) * yStep || yStep;

  const x = (t) => ((t - from) / (to - from)) * pw;
  const y = (v) => ph - (v / yTop) * ph;

  const svg = s('svg', {
    class: 'chart', testid: o.testid, viewBox: `0 0 ${W} ${H}`, width: '100%', height: H,
    preserveAspectRatio: 'xMinYMin meet', role: 'img', 'aria-label': o.title || 'chart',
  });
  if (o.title) svg.appendChild(s('title', null, o.title));

  // Grid and y axis labels.
  const axes = s('g', { class: 'axes', transform: `translate(${pad.l},${pad.t})` });
  for (let v = 0; v <= yTop + yStep / 2; v += yStep) {
    const yy = y(v);
    axes.appendChild(s('line', { class: 'grid', x1: 0, x2: pw, y1: yy, y2: yy }));
    axes.appendChild(s('text', { class: 'tick', x: -8, y: yy + 4, 'text-anchor': 'end' }, fmtAxis(v)));
  }
  // Time ticks.
  const span = to - from;
  const tStep = TIME_STEPS.find((st) => span / st <= Math.max(3, Math.floor(pw / 90))) || TIME_STEPS[TIME_STEPS.length - 1];
  for (let t = Math.ceil(from / tStep) * tStep; t <= to; t += tStep) {
    const xx = x(t);
    axes.appendChild(s('line', { class: 'tick-mark', x1: xx, x2: xx, y1: ph, y2: ph + 4 }));
    const label = tStep < 60000 ? fmtTime(t) : fmtTime(t).slice(0, 5);
    axes.appendChild(s('text', { class: 'tick', x: xx, y: ph + 17, 'text-anchor': 'middle' }, label));
  }
  axes.appendChild(s('line', { class: 'axis', x1: 0, x2: pw, y1: ph, y2: ph }));
  axes.appendChild(s('line', { class: 'axis', x1: 0, x2: 0, y1: 0, y2: ph }));
  if (o.yLabel) {
    axes.appendChild(s('text', { class: 'axis-label', transform: `translate(${-42},${ph / 2}) rotate(-90)`, 'text-anchor': 'middle' }, o.yLabel));
  }
  svg.appendChild(axes);

  // The plot area is its own (nested) svg so lines are clipped to it.
  const plot = s('svg', { class: 'plot', x: pad.l, y: pad.t, width: pw, height: ph, viewBox: `0 0 ${pw} ${ph}`, overflow: 'hidden' });
  for (const se of o.series) {
    let d = '';
    let pen = false;
    const pts = [...se.points].sort((a, b) => a.t - b.t);
    for (const p of pts) {
      if (p.v == null || !Number.isFinite(p.v)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
      pen = true;
    }
    if (!multi && d) {
      // A light area under a single series.
      const valid = pts.filter((p) => p.v != null && Number.isFinite(p.v));
      if (valid.length > 1) {
        const area = `${d}L${x(valid[valid.length - 1].t).toFixed(1)},${ph}L${x(valid[0].t).toFixed(1)},${ph}Z`;
        plot.appendChild(s('path', { class: 'area', d: area, fill: se.color }));
      }
    }
    if (d) plot.appendChild(s('path', { class: 'line', d, stroke: se.color, 'data-series': se.name }));
    if (pts.filter((p) => p.v != null).length === 1) {
      const p = pts.find((q) => q.v != null);
      plot.appendChild(s('circle', { cx: x(p.t), cy: y(p.v), r: 3, fill: se.color }));
    }
  }
  svg.appendChild(plot);

  if (!all.length) {
    svg.appendChild(s('text', { class: 'chart-empty', x: pad.l + pw / 2, y: pad.t + ph / 2, 'text-anchor': 'middle' }, o.empty || 'No data yet'));
  }

  // Legend.
  if (multi) {
    let lx = pad.l + pw;
    const legend = s('g', { class: 'legend' });
    for (const se of [...o.series].reverse()) {
      const w = 30 + se.name.length * 7;
      lx -= w;
      legend.appendChild(s('line', { x1: lx, x2: lx + 14, y1: 10, y2: 10, stroke: se.color, 'stroke-width': 3 }));
      legend.appendChild(s('text', { class: 'legend-text', x: lx + 18, y: 14 }, se.name));
    }
    svg.appendChild(legend);
  }

  // Hover read-out.
  if (all.length) {
    const hover = s('g', { class: 'hover', transform: `translate(${pad.l},${pad.t})`, visibility: 'hidden' });
    const vline = s('line', { class: 'hover-line', x1: 0, x2: 0, y1: 0, y2: ph });
    hover.appendChild(vline);
    const dots = o.series.map((se) => {
      const c = s('circle', { r: 3.5, fill: se.color, stroke: '#fff', 'stroke-width': 1.5 });
      hover.appendChild(c);
      return c;
    });
    const tip = s('g', { class: 'tip' });
    const tipBg = s('rect', { class: 'tip-bg', rx: 4 });
    tip.appendChild(tipBg);
    const tipLines = [s('text', { class: 'tip-title', x: 8, y: 16 })].concat(
      o.series.map((se, i) => s('text', { class: 'tip-text', x: 8, y: 32 + i * 15, fill: se.color })));
    tipLines.forEach((t) => tip.appendChild(t));
    hover.appendChild(tip);
    svg.appendChild(hover);

    const times = [...new Set(all.map((p) => p.t))].sort((a, b) => a - b);
    const overlay = s('rect', { class: 'overlay', x: pad.l, y: pad.t, width: pw, height: ph, fill: 'transparent' });
    overlay.addEventListener('mousemove', (ev) => {
      const box = svg.getBoundingClientRect();
      const scale = W / box.width;
      const mx = (ev.clientX - box.left) * scale - pad.l;
      const tAt = from + (mx / pw) * (to - from);
      let best = times[0];
      for (const t of times) if (Math.abs(t - tAt) < Math.abs(best - tAt)) best = t;
      const xx = x(best);
      vline.setAttribute('x1', xx);
      vline.setAttribute('x2', xx);
      tipLines[0].textContent = fmtTime(best);
      let widest = tipLines[0].textContent.length;
      o.series.forEach((se, i) => {
        const p = se.points.find((q) => q.t === best);
        const has = p && p.v != null && Number.isFinite(p.v);
        dots[i].setAttribute('visibility', has ? 'visible' : 'hidden');
        if (has) { dots[i].setAttribute('cx', xx); dots[i].setAttribute('cy', y(p.v)); }
        const text = `${se.name}: ${has ? format(p.v) : '–'}`;
        tipLines[i + 1].textContent = text;
        widest = Math.max(widest, text.length);
      });
      const tw = widest * 6.6 + 16;
      const th = 22 + o.series.length * 15;
      tipBg.setAttribute('width', tw);
      tipBg.setAttribute('height', th);
      const tx = xx + 12 + tw > pw ? xx - 12 - tw : xx + 12;
      tip.setAttribute('transform', `translate(${tx},4)`);
      hover.setAttribute('visibility', 'visible');
    });
    overlay.addEventListener('mouseleave', () => hover.setAttribute('visibility', 'hidden'));
    svg.appendChild(overlay);
  }
  return svg;
}

/** A tiny chart without axes for headline cards. */
export function sparkline(points, color, width = 160, height = 36) {
  const svg = s('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, width, height, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  const valid = points.filter((p) => p.v != null && Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  if (valid.length < 2) {
    svg.appendChild(s('line', { x1: 0, x2: width, y1: height - 2, y2: height - 2, stroke: '#d0d7de', 'stroke-width': 1 }));
    return svg;
  }
  const t0 = valid[0].t;
  const t1 = valid[valid.length - 1].t;
  const max = Math.max(...valid.map((p) => p.v)) || 1;
  const x = (t) => ((t - t0) / (t1 - t0 || 1)) * width;
  const y = (v) => height - 2 - (v / max) * (height - 4);
  const d = valid.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
  svg.appendChild(s('path', { d: `${d}L${width},${height}L0,${height}Z`, fill: color, opacity: 0.12 }));
  svg.appendChild(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.5, 'vector-effect': 'non-scaling-stroke' }));
  return svg;
}

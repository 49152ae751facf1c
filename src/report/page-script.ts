// The report page's script, inlined by html.ts. Plain ES2020 for the browser; it reads the data block
// and sets every untrusted string with textContent, never innerHTML.

import { PRESSURE_CHARTS } from './page-script-pressure.js';

// Why: the browser side of the report: draws each run's charts with uPlot, places OOM-kill markers
// and shows a kill's raw kernel report on click. All text goes through textContent or title.
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('oomlab-data').textContent);
  var KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024, TiB = GiB * 1024;
  var COLORS = ['#1f6feb', '#e36209', '#1a7f37', '#bf3989', '#8250df', '#0a7ea4', '#9a6700', '#57606a'];

  function fmtBytes(v) {
    if (v == null || !isFinite(v)) return '--';
    var units = [[TiB, 'TiB'], [GiB, 'GiB'], [MiB, 'MiB'], [KiB, 'KiB']];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(v) >= units[i][0]) {
        var n = v / units[i][0];
        var s = n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
        if (s.indexOf('.') >= 0) s = s.replace(/\.?0+$/, '');
        return s + ' ' + units[i][1];
      }
    }
    return Math.round(v) + ' B';
  }
  function fmtSec(v) { return v == null ? '--' : (Math.round(v * 100) / 100) + 's'; }

  // A tick step in binary units (1, 2, 4, ... 512 of B, KiB, MiB, GiB), so labels read 64 MiB, 1.5 GiB.
  function byteStep(max) {
    var unit = 1;
    for (;;) {
      for (var m = 1; m < 1024; m *= 2) {
        var step = m * unit;
        if (max / step <= 6) return step;
      }
      unit *= 1024;
    }
  }
  function byteTop(max) {
    if (!(max > 0)) max = MiB;
    var want = max * 1.06, step = byteStep(want);
    return Math.ceil(want / step) * step;
  }
  function byteSplits(u, axisIdx, min, max) {
    var step = byteStep(max), out = [];
    for (var v = 0; v <= max + 1; v += step) out.push(v);
    return out;
  }
  function maxOf(arrs) {
    var m = 0;
    arrs.forEach(function (a) { (a || []).forEach(function (v) { if (v != null && v > m) m = v; }); });
    return m;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // Columns sampled at different instants share one x array; each series keeps its own points.
  function joinColumns(cols) {
    var set = {};
    cols.forEach(function (c) { c.t.forEach(function (t) { set[t] = true; }); });
    var xs = Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
    var idx = new Map();
    xs.forEach(function (t, i) { idx.set(t, i); });
    return {
      xs: xs.map(function (t) { return t / 1000; }),
      place: function (t, values) {
        var out = new Array(xs.length).fill(null);
        t.forEach(function (tv, i) { out[idx.get(tv)] = values[i] == null ? null : values[i]; });
        return out;
      }
    };
  }

  var selected = null;
  function showReport(runIdx, k) {
    var run = data.runs[runIdx], e = run.oomEvents[k];
    var box = document.getElementById('report-' + runIdx);
    if (!box || !e) return;
    box.hidden = false;
    box.textContent = '';
    var who = e.participant ? ' of ' + e.participant : ' (not a participant)';
    box.appendChild(el('div', 'report-title', 'Kernel report for the kill at ' + fmtSec(e.atMs / 1000) + ': pid ' + e.victimPid + ' (' + e.victimName + ')' + who));
    var pre = el('pre', 'report', e.report && e.report.length ? e.report.join('\n') : '(no kernel report was read; evidence: ' + e.sources.join(', ') + ')');
    box.appendChild(pre);
    if (selected) selected.classList.remove('selected');
    selected = document.querySelector('button.kill[data-run="' + runIdx + '"][data-kill="' + k + '"]');
    if (selected) selected.classList.add('selected');
    box.scrollIntoView({ block: 'nearest' });
  }
  function killLine(e) {
    var line = (e.report || []).filter(function (l) { return /Kill(ed)? process/.test(l); })[0];
    return line || ('pid ' + e.victimPid + ' (' + e.victimName + ') killed at ' + fmtSec(e.atMs / 1000));
  }

  // OOM kills as vertical lines with a flag each; the flag's title is the kernel's kill line, a click opens the report.
  function oomMarkers(runIdx) {
    var events = data.runs[runIdx].oomEvents || [];
    var marks = [];
    return {
      hooks: {
        ready: [function (u) {
          events.forEach(function (e, k) {
            var line = el('div', 'oom-line');
            var flag = el('button', 'oom-flag', '\u2715 ' + (e.participant || e.victimName));
            flag.type = 'button';
            flag.title = killLine(e) + '\n(click for the kernel report)';
            flag.setAttribute('data-run', String(runIdx));
            flag.setAttribute('data-kill', String(k));
            flag.addEventListener('mousedown', function (ev) { ev.stopPropagation(); });
            flag.addEventListener('click', function (ev) { ev.stopPropagation(); showReport(runIdx, k); });
            u.over.appendChild(line);
            u.over.appendChild(flag);
            marks.push({ t: e.atMs / 1000, line: line, flag: flag });
          });
          place(u);
        }],
        draw: [place]
      }
    };
    function place(u) {
      marks.forEach(function (m, i) {
        var x = u.valToPos(m.t, 'x');
        var inside = x >= 0 && x <= u.over.clientWidth;
        m.line.style.display = m.flag.style.display = inside ? '' : 'none';
        m.line.style.left = x + 'px';
        m.flag.style.left = x + 'px';
        m.flag.style.top = (2 + (i % 3) * 20) + 'px';
      });
    }
  }

  // Legend swatches drawn like their lines: solid, dashed or dotted.
  var LEGEND = {
    markers: {
      width: 2,
      dash: function (u, i) { var d = u.series[i].dash; return !d ? 'solid' : d[0] <= 2 ? 'dotted' : 'dashed'; }
    }
  };
  function chartWidth(host) { return Math.max(480, Math.min(host.clientWidth || 900, 1130)); }
  function xAxis() {
    return { scale: 'x', label: 'seconds since the run started', values: function (u, vals) { return vals.map(function (v) { return v + 's'; }); } };
  }
  function byteAxis(scale, label, side, grid) {
    return {
      scale: scale, side: side, label: label, size: 78, labelSize: 22, splits: byteSplits,
      grid: { show: grid, stroke: 'rgba(0,0,0,0.07)' },
      values: function (u, vals) { return vals.map(fmtBytes); }
    };
  }
  function xRange(run, xs) {
    var end = Math.max(run.durationMs / 1000, xs.length ? xs[xs.length - 1] : 0, 0.001);
    return [0, end];
  }

  // Powers of two from lo to hi (every other one when crowded): 1 MiB, 4 MiB, 16 MiB, ... 1 GiB.
  function log2Splits(u, axisIdx, min, max) {
    var out = [], lo = Math.round(Math.log2(min)), hi = Math.round(Math.log2(max));
    var every = hi - lo > 9 ? 2 : 1;
    for (var e = hi; e >= lo; e -= every) out.unshift(Math.pow(2, e));
    return out;
  }
  var memCharts = {};
  // Linear when VSZ stays near RSS (one shared bytes axis); log2 when VSZ is far above it
  // (untouched malloc), so both stay readable on one honest axis. A button switches between them.
  function memoryChart(host, runIdx, mode) {
    var run = data.runs[runIdx];
    var names = Object.keys(run.series.participants || {});
    if (!names.length) { host.appendChild(el('p', 'nodata', 'No samples were recorded for the participants.')); return; }
    var cols = names.map(function (n) { return run.series.participants[n]; });
    var j = joinColumns(cols);
    var vszMax = maxOf(cols.map(function (c) { return c.vsz; }));
    var lowMax = maxOf(cols.map(function (c) { return c.rss; }).concat(cols.map(function (c) { return c.swap; })));
    if (!mode) mode = vszMax > 8 * Math.max(lowMax, 1) ? 'log' : 'linear';
    var log = mode === 'log';
    var pos = function (a) { return log ? a.map(function (v) { return v != null && v > 0 ? v : null; }) : a; };
    var fmt = function (u, v) { return fmtBytes(v); };
    var series = [{ label: 'time', value: function (u, v) { return fmtSec(v); } }];
    var rows = [j.xs];
    names.forEach(function (n, i) {
      var c = cols[i], color = COLORS[i % COLORS.length];
      rows.push(pos(j.place(c.t, c.rss)), pos(j.place(c.t, c.swap)), pos(j.place(c.t, c.vsz)));
      series.push(
        { label: n + ' RSS', stroke: color, width: 2.4, scale: 'bytes', spanGaps: true, points: { show: false }, value: fmt },
        { label: n + ' swap', stroke: color, width: 2, dash: [8, 4], scale: 'bytes', spanGaps: true, points: { show: false }, value: fmt },
        { label: n + ' VSZ', stroke: color, width: 1.6, dash: [2, 3], scale: 'bytes', spanGaps: true, points: { show: false }, value: fmt }
      );
    });
    var top = byteTop(Math.max(vszMax, lowMax));
    var minPos = Infinity;
    rows.slice(1).forEach(function (a) { a.forEach(function (v) { if (v != null && v > 0 && v < minPos) minPos = v; }); });
    var range = log
      ? [Math.pow(2, Math.floor(Math.log2(isFinite(minPos) ? minPos : MiB))), Math.pow(2, Math.ceil(Math.log2(Math.max(vszMax, lowMax, 2) * 1.06)))]
      : [0, top];
    var axis = {
      scale: 'bytes', side: 3, size: 78, labelSize: 22,
      label: log ? 'bytes (log scale)' : 'bytes',
      splits: log ? log2Splits : byteSplits,
      filter: function (u, splits) { return splits; },
      grid: { show: true, stroke: 'rgba(0,0,0,0.07)' },
      values: function (u, vals) { return vals.map(fmtBytes); }
    };
    var right = Object.assign({}, axis, { side: 1, label: '', grid: { show: false } });
    var opts = {
      width: chartWidth(host), height: 340, legend: LEGEND,
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: { time: false, range: function () { return xRange(run, j.xs); } },
        bytes: log ? { distr: 3, log: 2, range: function () { return range; } } : { range: function () { return range; } }
      },
      axes: [xAxis(), axis, right],
      series: series,
      plugins: [oomMarkers(runIdx)]
    };
    var old = memCharts[runIdx];
    if (old) old.destroy();
    memCharts[runIdx] = new uPlot(opts, rows, host);
    var bar = document.querySelector('.scale-toggle[data-run="' + runIdx + '"]');
    if (bar) bar.querySelectorAll('button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-mode') === mode));
    });
  }

  function cgroupChart(host, runIdx, cgIdx) {
    var run = data.runs[runIdx], cg = run.cgroups[cgIdx];
    var c = (run.series.cgroups || {})[cg.name];
    if (!c || !c.t.length) { host.appendChild(el('p', 'nodata', 'No samples were recorded for this cgroup.')); return; }
    var xs = c.t.map(function (t) { return t / 1000; });
    var limit = typeof cg.limits.memoryBytes === 'number' ? cg.limits.memoryBytes : null;
    var high = typeof cg.limits.highBytes === 'number' ? cg.limits.highBytes : null;
    var fmt = function (u, v) { return fmtBytes(v); };
    var series = [{ label: 'time', value: function (u, v) { return fmtSec(v); } },
      { label: 'usage', stroke: COLORS[0], fill: 'rgba(31,111,235,0.10)', width: 2.2, scale: 'bytes', spanGaps: true, points: { show: false }, value: fmt },
      { label: 'swap', stroke: COLORS[1], width: 2, dash: [7, 4], scale: 'bytes', spanGaps: true, points: { show: false }, value: fmt }];
    var rows = [xs, c.usage, c.swap || xs.map(function () { return null; })];
    var ys = [c.usage, c.swap];
    if (limit != null) {
      var l = xs.map(function () { return limit; });
      rows.push(l); ys.push(l);
      series.push({ label: 'memory limit', stroke: '#cf222e', width: 2, dash: [10, 5], scale: 'bytes', points: { show: false }, value: fmt });
    }
    if (high != null) {
      var h = xs.map(function () { return high; });
      rows.push(h); ys.push(h);
      series.push({ label: 'memory.high', stroke: '#9a6700', width: 1.6, dash: [4, 4], scale: 'bytes', points: { show: false }, value: fmt });
    }
    var top = byteTop(maxOf(ys));
    new uPlot({
      width: chartWidth(host), height: 240, legend: LEGEND,
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false, range: function () { return xRange(run, xs); } }, bytes: { range: function () { return [0, top]; } } },
      axes: [xAxis(), byteAxis('bytes', 'bytes', 3, true)],
      series: series,
      plugins: [oomMarkers(runIdx)]
    }, rows, host);
  }

${PRESSURE_CHARTS}
  document.querySelectorAll('.chart').forEach(function (host) {
    var runIdx = Number(host.getAttribute('data-run')), kind = host.getAttribute('data-chart');
    if (kind === 'memory') memoryChart(host, runIdx, null);
    else if (kind === 'probe') probeChart(host, runIdx, host.getAttribute('data-probe'));
    else if (kind === 'psi') psiChart(host, runIdx);
    else cgroupChart(host, runIdx, Number(host.getAttribute('data-cgroup')));
  });
  document.querySelectorAll('button.kill').forEach(function (b) {
    b.addEventListener('click', function () { showReport(Number(b.getAttribute('data-run')), Number(b.getAttribute('data-kill'))); });
  });
  document.querySelectorAll('.scale-toggle button').forEach(function (b) {
    b.addEventListener('click', function () {
      var runIdx = Number(b.closest('.scale-toggle').getAttribute('data-run'));
      var host = document.querySelector('.chart[data-chart="memory"][data-run="' + runIdx + '"]');
      memoryChart(host, runIdx, b.getAttribute('data-mode'));
    });
  });
  document.documentElement.setAttribute('data-ready', '1');
})();
`;

// Part of the report page's script (page-script.ts inlines it in its closure, so it shares data, el,
// COLORS, LEGEND, xAxis, xRange, fmtSec and oomMarkers): the charts of the crawl. A probe's pass
// latencies (ms, log scale: a stall is 10x its baseline and more) and memory pressure (PSI avg10
// percent, some and full, of the host and of each v2 run cgroup).

/** Why: the crawl's charts, in the page script's closure. */
export const PRESSURE_CHARTS = String.raw`
  function probeChart(host, runIdx, name) {
    var run = data.runs[runIdx], c = ((run.series.probes || {})[name]);
    if (!c || !c.t.length) { host.appendChild(el('p', 'nodata', 'No pass was recorded for this probe.')); return; }
    var xs = c.t.map(function (t) { return t / 1000; });
    var ms = c.ms.map(function (v) { return v > 0 ? v : null; });
    var fmt = function (u, v) { return v == null ? '--' : v + ' ms'; };
    new uPlot({
      width: chartWidth(host), height: 240, legend: LEGEND,
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false, range: function () { return xRange(run, xs); } }, ms: { distr: 3, log: 10 } },
      axes: [xAxis(), { scale: 'ms', label: 'pass latency (ms, log)', size: 70, values: function (u, vals) { return vals.map(function (v) { return v + ' ms'; }); } }],
      series: [{ label: 'time', value: function (u, v) { return fmtSec(v); } },
        { label: name + ' pass', stroke: COLORS[0], width: 0, scale: 'ms', points: { show: true, size: 3, fill: COLORS[0] }, value: fmt }],
      plugins: [oomMarkers(runIdx)]
    }, [xs, ms], host);
  }

  function psiChart(host, runIdx) {
    var run = data.runs[runIdx], p = run.series.psi;
    var sources = [];
    if (p && p.host && p.host.t.length) sources.push(['host', p.host]);
    Object.keys((p && p.groups) || {}).forEach(function (n) { if (p.groups[n].t.length) sources.push([n, p.groups[n]]); });
    if (!sources.length) { host.appendChild(el('p', 'nodata', 'No memory pressure (PSI) was recorded.')); return; }
    var j = joinColumns(sources.map(function (s) { return s[1]; }));
    var rows = [j.xs], series = [{ label: 'time', value: function (u, v) { return fmtSec(v); } }];
    var fmt = function (u, v) { return v == null ? '--' : v + '%'; };
    sources.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      rows.push(j.place(s[1].t, s[1].some), j.place(s[1].t, s[1].full));
      series.push({ label: s[0] + ' some', stroke: color, width: 2, scale: 'pct', spanGaps: true, points: { show: false }, value: fmt },
        { label: s[0] + ' full', stroke: color, width: 2, dash: [8, 4], scale: 'pct', spanGaps: true, points: { show: false }, value: fmt });
    });
    new uPlot({
      width: chartWidth(host), height: 220, legend: LEGEND,
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false, range: function () { return xRange(run, j.xs); } }, pct: { range: function (u, lo, hi) { return [0, Math.max(1, hi * 1.1)]; } } },
      axes: [xAxis(), { scale: 'pct', label: 'stalled share, avg10 (%)', size: 60 }],
      series: series,
      plugins: [oomMarkers(runIdx)]
    }, rows, host);
  }
`;

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RunOomEvent } from '../evidence/oom-event.js';
import type { ParticipantResult, RunResult } from '../result/types.js';
import { formatSize } from '../units/size.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { PAGE_CSS } from './page-css.js';
import { PAGE_SCRIPT } from './page-script.js';
import { matrixCells, matrixRows } from './matrix.js';
import { fleetSectionsHtml, fleetTables } from './fleet.js';

/** Options of the HTML report. */
interface HtmlReportOptions {
  title?: string;
  /** A `--matrix key=v1,v2` sweep: one result per value, in order; adds the comparison table. */
  matrix?: { key: string; values: string[] };
  /** Results of many machines (`oomlab merge`): a label per result, its host; adds a table per scenario. */
  fleet?: { labels: string[] };
  /** A comparison made elsewhere (`oomlab lab`): a table of text cells, lines under it (the winners), a label per run. */
  comparison?: { title: string; caption: string; head: string[]; rows: string[][]; lines: string[]; labels: string[] };
  /** A label per result shown in its section's heading (a limit search's `try 3: 176 MiB`). */
  labels?: string[];
  /** HTML placed before the runs (already escaped by its maker: a limit search's answer and tries). */
  prelude?: string;
  /** A section made elsewhere (e.g. `oomlab replay`'s rankings), already escaped by its maker, placed after the lead. */
  extraSection?: string;
}

const requireHere = createRequire(import.meta.url);

function asset(path: string): string {
  const text = readFileSync(requireHere.resolve(path), 'utf8');
  if (/<\/(script|style)/i.test(text)) throw new Error(`${path} contains a closing tag and cannot be inlined`);
  return text;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

function outcomeText(p: ParticipantResult): string {
  if (p.runtime) return `${p.outcome} (${p.runtime})`;
  if (p.signal) return `${p.outcome} (${p.signal})`;
  if (p.outcome === 'exited' && p.exitCode !== undefined) return `exited (${p.exitCode})`;
  return p.outcome;
}

function summaryTable(r: RunResult): string {
  const head = ['participant', 'outcome', 'peak RSS', 'peak VSZ', 'peak swap', 'major faults', 'restarts'];
  const num = (i: number): string => (i >= 2 ? ' class="num"' : '');
  const rows = r.participants.map(
    (p) =>
      `<tr><td class="name">${h(p.name)}</td><td class="outcome-${h(p.outcome)}">${h(outcomeText(p))}</td>` +
      `<td class="num">${h(formatSize(p.peakRssBytes))}</td><td class="num">${h(formatSize(p.peakVszBytes))}</td>` +
      `<td class="num">${h(formatSize(p.peakSwapBytes))}</td><td class="num">${h(p.majorFaults)}</td><td class="num">${h(p.restarts)}</td></tr>`,
  );
  return `<table class="grid summary"><thead><tr>${head.map((c, i) => `<th${num(i)}>${c}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function killText(e: RunOomEvent): string {
  const who = e.participant ? `of ${e.participant}` : '(not a participant)';
  const rss = e.anonRssKb !== undefined ? `, anon-rss ${formatSize(e.anonRssKb * 1024)}` : '';
  const constraint = e.constraint ? `, constraint ${e.constraint}` : '';
  return `${seconds(e.atMs)}: pid ${e.victimPid} (${e.victimName}) ${who}${rss}${constraint}`;
}

function killsList(r: RunResult, i: number): string {
  if (!r.oomEvents.length) return '<p class="nodata">No OOM kill.</p>';
  const items = r.oomEvents.map(
    (e, k) => `<li><button type="button" class="kill" data-run="${i}" data-kill="${k}">${h(killText(e))}</button> <span class="sources">[${h(e.sources.join(', '))}]</span></li>`,
  );
  return `<p class="caption">Click a kill (or its flag on a chart) for the kernel's report.</p><ol class="kills">${items.join('')}</ol><div class="report-box" id="report-${i}" hidden></div>`;
}

function assertionsList(r: RunResult): string {
  if (!r.assertions.length) return '<p class="nodata">The scenario has no expectations.</p>';
  const items = r.assertions.map(
    (a) =>
      `<li class="${a.passed ? 'pass' : 'fail'}"><span class="mark">${a.passed ? '\u2713 pass' : '\u2717 FAIL'}</span>${h(a.description)}` +
      ` <span class="detail">expected ${h(a.expected)}, got ${h(a.actual)}</span></li>`,
  );
  return `<ul class="assertions">${items.join('')}</ul>`;
}

function runtimeOoms(r: RunResult): string {
  const items = r.participants.filter((p) => p.runtime).map((p) => `<li>${h(p.name)}: its ${h(p.runtime)} heap ran out: <span class="evidence">${h(p.runtimeEvidence ?? '')}</span></li>`);
  return items.length ? `<h3>Runtime OOMs</h3><p class="caption">The process ended on its own, and its stderr said why: the line that decided it.</p><ul>${items.join('')}</ul>` : '';
}

// Each participant's kept output, as text (escapeHtml strips control characters too); open for those
// whose outcome was not what the scenario expected.
function outputSection(r: RunResult): string {
  const failing = new Set(r.assertions.flatMap((a) => (a.passed ? [] : (a.failing ?? []))));
  const withOutput = r.participants.filter((p) => p.stdoutTail?.length || p.stderrTail?.length);
  if (!withOutput.length) return '';
  const block = (p: ParticipantResult, stream: 'stdout' | 'stderr'): string => {
    const tail = stream === 'stdout' ? p.stdoutTail : p.stderrTail;
    if (!tail?.length) return '';
    const cut = p.outputCut?.[stream] ? ' (more than 8 MiB in all)' : '';
    return `<div class="caption">${stream}, last ${tail.length} line${tail.length === 1 ? '' : 's'}${cut}</div><pre class="output" data-stream="${stream}">${tail.map(h).join('\n')}</pre>`;
  };
  const items = withOutput.map(
    (p) => `<details class="output" data-participant="${h(p.name)}"${failing.has(p.name) ? ' open' : ''}><summary>${h(p.name)}: ${h(p.stdoutTail?.length ?? 0)} stdout, ${h(p.stderrTail?.length ?? 0)} stderr lines</summary>${block(p, 'stdout')}${block(p, 'stderr')}</details>`,
  );
  return `<h3>Participant output</h3><p class="caption">The last lines each participant printed (up to 64 of each stream); the whole streams with <code>--out DIR</code>.</p>${items.join('')}`;
}

function runSection(r: RunResult, i: number, label?: string): string {
  const host = r.host;
  const meta = [
    host.hostname !== undefined ? `host ${host.hostname}` : '',
    `kernel ${host.kernel}`,
    `cgroup ${host.cgroupVersion === 'none' ? 'none' : `v${host.cgroupVersion}`}`,
    `RAM ${formatSize(host.memTotalBytes)}`,
    `swap ${formatSize(host.swapTotalBytes)}`,
    `swappiness ${host.swappiness}`,
    `overcommit ${host.overcommitMemory}`,
    host.inVm ? 'in a VM' : '',
    `started ${r.startedAt}`,
    `ran ${seconds(r.durationMs)}`,
  ].filter(Boolean);
  const cgroups = r.cgroups.map((c, k) => {
    const limit = typeof c.limits.memoryBytes === 'number' ? ` against its limit of ${formatSize(c.limits.memoryBytes)}` : ' (no memory limit)';
    const peak = c.peakBytes !== undefined ? `peak ${formatSize(c.peakBytes)}` : 'peak unknown';
    return `<h3>cgroup ${h(c.name)}: usage${h(limit)}</h3><p class="caption">${h(peak)}, oom_kill ${h(c.events.oomKill ?? 0)}; solid: usage, dashed: swap, red dashed: limit.</p>` +
      `<div class="chart" data-run="${i}" data-chart="cgroup" data-cgroup="${k}"></div>`;
  });
  return `<section class="run" id="run-${i}">
<h2>${label ? `${h(label)} &middot; ` : ''}${h(r.scenario.name)} <span class="badge ${r.verdict === 'pass' ? 'pass' : 'fail'}">${r.verdict === 'pass' ? 'pass' : 'fail'}</span></h2>
${r.scenario.description ? `<p class="desc">${h(r.scenario.description)}</p>` : ''}
<p class="meta">${meta.map(h).join(' &middot; ')}</p>
${r.evidence.kmsg === 'read' ? '' : `<p class="meta">OOM evidence (kernel log ${r.evidence.kmsg}): ${h(r.evidence.reason ?? 'not readable')}</p>`}
<h3>Summary</h3>
${summaryTable(r)}
<h3>Memory over time</h3>
<p class="caption">Like <code>top</code>, one colour per participant: solid RSS (resident in RAM), dashed swap, dotted VSZ (address space). When VSZ is far above RSS the axis is logarithmic (zero is not drawn on it). Red flags are OOM kills. Drag to zoom, double-click to reset.</p>
<div class="scale-toggle" data-run="${i}"><span>scale</span><button type="button" data-mode="linear">linear</button><button type="button" data-mode="log">log</button></div>
<div class="chart" data-run="${i}" data-chart="memory"></div>
${cgroups.join('\n')}
${crawlSection(r, i)}
<h3>OOM kills</h3>
${killsList(r, i)}
${runtimeOoms(r)}
<h3>Assertions</h3>
${assertionsList(r)}
${outputSection(r)}
</section>`;
}

// The crawl: each probe's pass latencies and the memory pressure (PSI), when the run has them.
function crawlSection(r: RunResult, i: number): string {
  const probes = r.participants.filter((p) => p.probe).map((p) => {
    const f = p.probe!;
    const caption = `${f.passes} passes: p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms; ${f.stalls} stalls (slower than 10x the baseline ${f.baselineP50Ms} ms), ${f.stalledMs} ms stalled. One dot per pass, log scale.`;
    return `<h3>probe ${h(p.name)}: pass latency</h3><p class="caption">${h(caption)}</p><div class="chart" data-run="${i}" data-chart="probe" data-probe="${h(p.name)}"></div>`;
  });
  if (!r.psi) return probes.join('\n');
  const total = (name: string, t: { someTotalUs: number; fullTotalUs: number; someAvg10Max: number; fullAvg10Max: number }) =>
    `${name}: some ${(t.someTotalUs / 1000).toFixed(1)} ms stalled (avg10 peak ${t.someAvg10Max}%), full ${(t.fullTotalUs / 1000).toFixed(1)} ms (peak ${t.fullAvg10Max}%)`;
  const totals = [...(r.psi.host ? [total('host', r.psi.host)] : []), ...Object.entries(r.psi.groups).map(([n, t]) => total(`cgroup ${n}`, t))];
  const caption = `${totals.join('; ')}${r.psi.note ? `. Note: ${r.psi.note}` : ''}. Solid: some (a task stalled on memory), dashed: full (all did).`;
  return `${probes.join('\n')}<h3>Memory pressure (PSI)</h3><p class="caption">${h(caption)}</p><div class="chart" data-run="${i}" data-chart="psi"></div>`;
}

function matrixSection(results: RunResult[], matrix: { key: string; values: string[] }): string {
  const [head, ...rows] = matrixCells(matrix.key, matrixRows(results, matrix.values));
  const th = head!.map((c, i) => `<th${i >= 1 && i <= 3 ? ' class="num"' : ''}>${h(c)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= 1 && i <= 3 ? ' class="num"' : i === 4 ? ' class="name"' : ''}>${h(c)}</td>`).join('')}</tr>`);
  return `<section class="matrix"><h2>Comparison over ${h(matrix.key)}</h2>
<p class="caption">One run per value: time to the first OOM kill, the largest participant swap peak, major faults summed, who was killed, and the runtime.</p>
<table class="grid"><thead><tr>${th}</tr></thead><tbody>${trs.join('')}</tbody></table></section>`;
}

// A comparison table whose cells were computed by its caller; every cell is text, escaped here.
function comparisonSection(c: NonNullable<HtmlReportOptions['comparison']>): string {
  const th = c.head.map((x) => `<th>${h(x)}</th>`).join('');
  const trs = c.rows.map((r) => `<tr>${r.map((x, i) => `<td${i === 0 ? ' class="name" style="white-space:nowrap"' : ''}>${h(x)}</td>`).join('')}</tr>`);
  const lines = c.lines.map((l) => `<li>${h(l)}</li>`).join('');
  return `<section class="matrix comparison"><h2>${h(c.title)}</h2>
<p class="caption">${h(c.caption)}</p>
<div style="overflow-x:auto"><table class="grid" style="font-size:0.9em"><thead><tr>${th}</tr></thead><tbody>${trs.join('')}</tbody></table></div>${lines ? `<ul class="winners">${lines}</ul>` : ''}</section>`;
}

// Why: `--html FILE` and `npm start` write one self-contained page (uPlot, data and script inlined,
// no network): per run the summary, assertions, memory and cgroup charts and the OOM kills.
export function renderHtmlReport(results: RunResult[], opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? (results.length === 1 ? `oomlab: ${results[0]!.scenario.name}` : 'oomlab report');
  const uplotJs = asset('uplot/dist/uPlot.iife.min.js');
  const uplotCss = asset('uplot/dist/uPlot.min.css');
  const matrix = opts.matrix ? { key: opts.matrix.key, values: opts.matrix.values, rows: matrixRows(results, opts.matrix.values) } : undefined;
  // The page's script draws charts and kernel reports; participants' output is in the markup already.
  const runs = results.map((r) => ({ ...r, participants: r.participants.map(({ stdoutTail: _o, stderrTail: _e, ...p }) => p) }));
  const data = jsonForScript({ title, matrix, runs });
  // Only these two scripts may run: an injected inline handler (onerror=...) is refused even if escaping
  // failed. Every interpolated value goes through h(), numbers too: a result may come from a VM guest.
  // (No CSP directive stops a <meta http-equiv=refresh> navigation in today's browsers: `navigate-to`
  // was never shipped; escaping is what holds there, and test/report/html.browser.test.ts checks it.)
  const csp = `default-src 'none'; script-src ${sha256(uplotJs)} ${sha256(PAGE_SCRIPT)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const label = (i: number): string | undefined => (opts.matrix ? `${opts.matrix.key}=${opts.matrix.values[i] ?? i + 1}` : (opts.fleet ?? opts.comparison)?.labels[i] ?? opts.labels?.[i]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${h(title)}</title>
<style>${uplotCss}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<h1>${h(title)}</h1>
<p class="lead">${results.length} run${results.length === 1 ? '' : 's'}, ${results.filter((r) => r.verdict === 'pass').length} passed.</p>
${opts.prelude ?? ''}
${opts.extraSection ?? ''}
${opts.matrix ? matrixSection(results, opts.matrix) : ''}
${opts.comparison ? comparisonSection(opts.comparison) : ''}
${opts.fleet ? fleetSectionsHtml(fleetTables(results, opts.fleet.labels)) : ''}
${results.map((r, i) => runSection(r, i, label(i))).join('\n')}
<footer>Written by oomlab. Process names, kernel reports and participant output are shown as text, never as markup.</footer>
</main>
<script type="application/json" id="oomlab-data">${data}</script>
<script>${uplotJs}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

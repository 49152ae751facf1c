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
<h3>OOM kills</h3>
${killsList(r, i)}
<h3>Assertions</h3>
${assertionsList(r)}
</section>`;
}

function matrixSection(results: RunResult[], matrix: { key: string; values: string[] }): string {
  const [head, ...rows] = matrixCells(matrix.key, matrixRows(results, matrix.values));
  const th = head!.map((c, i) => `<th${i >= 1 && i <= 3 ? ' class="num"' : ''}>${h(c)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= 1 && i <= 3 ? ' class="num"' : i === 4 ? ' class="name"' : ''}>${h(c)}</td>`).join('')}</tr>`);
  return `<section class="matrix"><h2>Comparison over ${h(matrix.key)}</h2>
<p class="caption">One run per value: time to the first OOM kill, the largest participant swap peak, major faults summed, who was killed, and the runtime.</p>
<table class="grid"><thead><tr>${th}</tr></thead><tbody>${trs.join('')}</tbody></table></section>`;
}

// Why: `--html FILE` and `npm start` write one self-contained page (uPlot, data and script inlined,
// no network): per run the summary, assertions, memory and cgroup charts and the OOM kills.
export function renderHtmlReport(results: RunResult[], opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? (results.length === 1 ? `oomlab: ${results[0]!.scenario.name}` : 'oomlab report');
  const uplotJs = asset('uplot/dist/uPlot.iife.min.js');
  const uplotCss = asset('uplot/dist/uPlot.min.css');
  const matrix = opts.matrix ? { key: opts.matrix.key, values: opts.matrix.values, rows: matrixRows(results, opts.matrix.values) } : undefined;
  const data = jsonForScript({ title, matrix, runs: results });
  // Only these two scripts may run: an injected inline handler (onerror=...) is refused even if escaping
  // failed. Every interpolated value goes through h(), numbers too: a result may come from a VM guest.
  // (No CSP directive stops a <meta http-equiv=refresh> navigation in today's browsers: `navigate-to`
  // was never shipped; escaping is what holds there, and test/report/html.browser.test.ts checks it.)
  const csp = `default-src 'none'; script-src ${sha256(uplotJs)} ${sha256(PAGE_SCRIPT)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const label = (i: number): string | undefined => (opts.matrix ? `${opts.matrix.key}=${opts.matrix.values[i] ?? i + 1}` : opts.fleet?.labels[i]);
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
${opts.extraSection ?? ''}
${opts.matrix ? matrixSection(results, opts.matrix) : ''}
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

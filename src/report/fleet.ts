import type { RunResult } from '../result/types.js';
import { formatSize } from '../units/size.js';
import { escapeHtml as h, stripControl } from './escape.js';
import { formatKilled } from './matrix.js';

// Results of many machines side by side (`oomlab merge`): a table per scenario, one row per labelled
// run, computed once here so the terminal and the HTML page agree.

/** One run of a scenario, reduced to what the comparison shows. */
interface FleetRow {
  /** Its index in the list of results (the HTML page links to its section). */
  run: number;
  label: string;
  /** Kernel, cgroup version, RAM and swap: what most often explains a difference. */
  machine: string;
  verdict: RunResult['verdict'];
  /** Each participant and how it ended. */
  outcomes: Array<{ name: string; outcome: string; text: string }>;
  killed: string[];
  firstOomMs: number | null;
  peakRssBytes: number;
  peakSwapBytes: number;
  runtimeMs: number;
}

/** A scenario and its runs, in the order they were given. */
interface FleetTable {
  scenario: string;
  rows: FleetRow[];
}

function outcomeText(p: RunResult['participants'][number]): string {
  if (p.signal) return `${p.outcome} (${p.signal})`;
  return p.outcome === 'exited' && p.exitCode !== undefined ? `exited (${p.exitCode})` : p.outcome;
}

// Why: group the runs by scenario (first appearance first) and reduce each to its row; labels[i] names results[i].
export function fleetTables(results: RunResult[], labels: string[]): FleetTable[] {
  const tables = new Map<string, FleetRow[]>();
  results.forEach((r, i) => {
    const host = r.host;
    const row: FleetRow = {
      run: i,
      label: labels[i] ?? String(i + 1),
      machine: `${host.kernel}, cgroup ${host.cgroupVersion === 'none' ? 'none' : `v${host.cgroupVersion}`}, RAM ${formatSize(host.memTotalBytes)}, swap ${formatSize(host.swapTotalBytes)}${host.inVm ? ', in a VM' : ''}`,
      verdict: r.verdict,
      outcomes: r.participants.map((p) => ({ name: p.name, outcome: p.outcome, text: `${p.name} ${outcomeText(p)}` })),
      killed: r.oomEvents.map((e) => e.participant ?? `${e.victimName} (pid ${e.victimPid})`),
      firstOomMs: r.oomEvents.length ? Math.min(...r.oomEvents.map((e) => e.atMs)) : null,
      peakRssBytes: Math.max(0, ...r.participants.map((p) => p.peakRssBytes)),
      peakSwapBytes: Math.max(0, ...r.participants.map((p) => p.peakSwapBytes)),
      runtimeMs: r.durationMs,
    };
    const rows = tables.get(r.scenario.name) ?? [];
    rows.push(row);
    tables.set(r.scenario.name, rows);
  });
  return [...tables].map(([scenario, rows]) => ({ scenario, rows }));
}

const HEAD = ['host', 'verdict', 'outcome', 'OOM victim', 'first OOM', 'peak RSS', 'peak swap', 'runtime', 'machine'];
const NUMERIC = new Set([4, 5, 6, 7]);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

// Why: the cells of one scenario's table as strings, shared by the terminal and the HTML page.
export function fleetCells(rows: FleetRow[]): string[][] {
  return [
    HEAD,
    ...rows.map((r) => [
      r.label,
      r.verdict,
      r.outcomes.map((o) => o.text).join(', ') || '-',
      formatKilled(r.killed),
      r.firstOomMs === null ? '-' : seconds(r.firstOomMs),
      formatSize(r.peakRssBytes),
      formatSize(r.peakSwapBytes),
      seconds(r.runtimeMs),
      r.machine,
    ]),
  ];
}

// Why: `oomlab merge` prints the tables on a terminal; every cell is stripped of control characters.
export function formatFleetTables(tables: FleetTable[]): string {
  return tables
    .map((t) => {
      const cells = fleetCells(t.rows).map((r) => r.map((c) => stripControl(c).replace(/[\t\n\r\u2028\u2029]/g, ' ')));
      const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
      const lines = cells.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
      return [stripControl(t.scenario).replace(/\s/g, ' '), ...lines].join('\n');
    })
    .join('\n\n');
}

// Why: the HTML page's part: a table per scenario, each host's row linking to its run's charts below.
export function fleetSectionsHtml(tables: FleetTable[]): string {
  const th = HEAD.map((c, i) => `<th${NUMERIC.has(i) ? ' class="num"' : ''}>${h(c)}</th>`).join('');
  return tables
    .map((t) => {
      const failed = t.rows.filter((r) => r.verdict === 'fail').length;
      const trs = fleetCells(t.rows).slice(1).map((cells, k) => {
        const row = t.rows[k]!;
        const outcomes = row.outcomes.map((o) => `<span class="outcome-${h(o.outcome)}">${h(o.text)}</span>`).join(', ') || '-';
        const td = cells.map((c, i) => {
          if (i === 0) return `<td class="wrap"><a href="#run-${h(row.run)}">${h(c)}</a></td>`;
          if (i === 1) return `<td><span class="badge ${row.verdict === 'pass' ? 'pass' : 'fail'}">${h(c)}</span></td>`;
          if (i === 2) return `<td class="wrap">${outcomes}</td>`;
          return `<td${NUMERIC.has(i) ? ' class="num"' : i === 3 || i === 8 ? ' class="wrap"' : ''}>${h(c)}</td>`;
        });
        return `<tr data-host="${h(row.label)}" data-verdict="${h(row.verdict)}">${td.join('')}</tr>`;
      });
      return `<section class="fleet" data-scenario="${h(t.scenario)}"><h2>${h(t.scenario)} <span class="caption">${t.rows.length} run${t.rows.length === 1 ? '' : 's'}, ${failed} failed</span></h2>
<table class="grid"><thead><tr>${th}</tr></thead><tbody>${trs.join('')}</tbody></table></section>`;
    })
    .join('\n');
}

import { renderHtmlReport } from '../report/html.js';
import { fleetTables, formatFleetTables } from '../report/fleet.js';
import { renderJunitSuites, type JunitSuite } from '../report/junit.js';
import type { RunResult } from '../result/types.js';
import { rowLabel, type MergedResults } from './merged.js';

const hosts = (m: MergedResults): number => new Set(m.runs.map((r) => r.label)).size;
const distinct = (values: string[]): string => [...new Set(values)].join(', ');

// Why: one page for the fleet: a table per scenario (host x outcome, victim, peaks), then each run's
// charts under its label; the same self-contained, escaped page as `oomlab run --html`.
export function renderMergedHtml(m: MergedResults, title?: string): string {
  const runs = m.runs.length;
  return renderHtmlReport(
    m.runs.map((r) => r.result),
    { title: title ?? `oomlab: ${runs} run${runs === 1 ? '' : 's'} from ${hosts(m)} host${hosts(m) === 1 ? '' : 's'}`, fleet: { labels: m.runs.map(rowLabel) } },
  );
}

// Why: one JUnit <testsuite> per host (label), its test cases the expectations of every run on it,
// classed `oomlab.<label>.<scenario>` so CI systems keep the hosts apart.
export function renderMergedJunit(m: MergedResults): string {
  const suites = new Map<string, JunitSuite>();
  for (const run of m.runs) {
    const suite = suites.get(run.label) ?? { name: run.label, runs: [], properties: [] };
    suite.runs.push({ result: run.result, classname: `oomlab.${run.label}.${run.result.scenario.name}`, ...(run.variant ? { casePrefix: `[${run.variant}] ` } : {}) });
    suites.set(run.label, suite);
  }
  for (const [label, suite] of suites) {
    const results: RunResult[] = suite.runs.map((r) => r.result);
    const files = m.runs.filter((r) => r.label === label).map((r) => r.file);
    suite.properties = [
      ['hostname', distinct(results.map((r) => r.host.hostname ?? '(not recorded)'))],
      ['kernel', distinct(results.map((r) => r.host.kernel))],
      ['cgroupVersion', distinct(results.map((r) => String(r.host.cgroupVersion)))],
      ['files', distinct(files)],
      ['runs', String(results.length)],
      ['verdict', results.every((r) => r.verdict === 'pass') ? 'pass' : 'fail'],
      ['oomKills', String(results.reduce((n, r) => n + r.oomEvents.length, 0))],
    ];
  }
  return renderJunitSuites([...suites.values()]);
}

// Why: `oomlab merge --json` writes the fold itself, which `oomlab merge` reads again.
export function mergedJson(m: MergedResults): string {
  return `${JSON.stringify(m, null, 1)}\n`;
}

// Why: what `oomlab merge` prints: the tables per scenario, then one line of totals.
export function formatMergedSummary(m: MergedResults): string {
  const tables = formatFleetTables(fleetTables(m.runs.map((r) => r.result), m.runs.map(rowLabel)));
  const failed = m.runs.filter((r) => r.result.verdict === 'fail').length;
  const runs = m.runs.length;
  return `${tables}\n\n${runs} run${runs === 1 ? '' : 's'} from ${hosts(m)} host${hosts(m) === 1 ? '' : 's'}: ${runs - failed} passed, ${failed} failed`;
}

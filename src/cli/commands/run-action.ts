import { CgroupPermissionError } from '../../cgroup/errors.js';
import { EnvironmentError } from '../../errors/environment-error.js';
import { InputError, showValue } from '../../errors/input-error.js';
import { renderHtmlReport } from '../../report/html.js';
import { renderJunit } from '../../report/junit.js';
import { formatMatrixTable, matrixRows } from '../../report/matrix.js';
import { formatRunSummary } from '../../report/text.js';
import { loadScenario } from '../../scenario/index.js';
import type { Scenario, ScenarioOverrides } from '../../scenario/types.js';
import { resolveScenarioPath, runLoadedScenario } from '../../run/run-scenario.js';
import type { LiveView } from '../../run/live-view.js';
import type { RunResult } from '../../result/types.js';
import { formatSize } from '../../units/size.js';
import { stripControl } from '../../report/escape.js';
import { claimSignals } from '../signal-hold.js';
import { useColor } from '../terminal.js';
import { checkOutputFiles, writeOutput } from '../output/write-output.js';

// `oomlab run`'s action, loaded only when the command runs (commands/run.ts): the runner, the scenario
// loader and the reports stay out of every other command's start-up.

/** `oomlab run`'s options, as commander parses them. */
export interface RunFlags {
  json?: string;
  html?: string;
  junit?: string;
  matrix?: string;
  cgroupParent?: string;
  allowUnbounded?: boolean;
  allowHostSwappiness?: boolean;
}

// Why: run each scenario (or each matrix value), print its summary, write the files asked for.
export async function runAction(scenarios: string[], flags: RunFlags): Promise<void> {
  const abort = new AbortController();
  // Listening stays on until the results are written (execa's signal-exit re-raises a signal that no
  // other listener is left to handle); one that came while oomlab loaded aborts at once.
  const unclaim = claimSignals(() => abort.abort());
  try {
    const matrix = flags.matrix === undefined ? undefined : parseMatrix(flags.matrix);
    if (matrix && scenarios.length !== 1) throw new InputError('--matrix', 'exactly one scenario to vary', `${scenarios.length} scenarios`);
    checkOutputFiles([['--json', flags.json], ['--html', flags.html], ['--junit', flags.junit]]);
    // Everything the user typed is checked before the first run creates anything; each file is
    // read and validated once (under TCG in a VM that alone takes a noticeable part of a second).
    const loaded: Array<{ arg: string; file: string; scenario: Scenario }> = [];
    for (const name of scenarios) {
      const file = resolveScenarioPath(name);
      loaded.push({ arg: name, file, scenario: await loadScenario(file) });
    }
    const runs: Array<{ arg: string; file: string; scenario: Scenario; overrides: ScenarioOverrides }> = matrix
      ? matrix.values.map((v) => ({ ...loaded[0]!, overrides: matrixOverride(matrix, v) }))
      : loaded.map((l) => ({ ...l, overrides: {} }));
    const results: RunResult[] = [];
    const tty = process.stderr.isTTY;
    for (const { arg, file, scenario, overrides } of runs) {
      const result = await runLoadedScenario(scenario, {
        cgroupParent: flags.cgroupParent,
        allowUnbounded: flags.allowUnbounded,
        allowHostSwappiness: flags.allowHostSwappiness,
        overrides,
        signal: abort.signal,
        onTick: tty ? live : undefined,
      }, file).catch((err: unknown) => {
        throw err instanceof CgroupPermissionError ? new EnvironmentError(`${err.message}; without root, a VM runs it: oomlab vm run ${arg}`) : err;
      });
      if (tty) process.stderr.write(drawn ? `\x1b[${drawn}F\x1b[J` : '');
      drawn = 0;
      results.push(result);
      if (matrix) process.stdout.write(`${matrix.key}=${matrixValue(overrides)}\n`);
      process.stdout.write(`${formatRunSummary(result, useColor())}\n\n`);
      if (abort.signal.aborted) break;
    }
    const rows = matrix ? matrixRows(results, matrix.values.slice(0, results.length)) : undefined;
    if (matrix && rows) process.stdout.write(`${formatMatrixTable(matrix.key, rows)}\n`);
    if (flags.json) {
      const doc = matrix ? { matrix: { key: matrix.key, values: matrix.values, rows }, runs: results } : results.length === 1 ? results[0] : { runs: results };
      writeOutput('--json', flags.json, `${JSON.stringify(doc, null, 1)}\n`);
    }
    if (flags.html) writeOutput('--html', flags.html, renderHtmlReport(results, matrix ? { matrix: { key: matrix.key, values: matrix.values.slice(0, results.length) } } : {}));
    if (flags.junit) writeOutput('--junit', flags.junit, renderJunit(results));
    process.exitCode = abort.signal.aborted ? 130 : results.every((r) => r.verdict === 'pass') ? 0 : 1;
  } finally {
    unclaim();
  }
}

/** The matrix key table: top-level cgroup settings, and `oomScoreAdj.NAME` (one participant's). */
const MATRIX_KEYS = ['swappiness', 'swap', 'memory', 'oomScoreAdj'] as const;

/** A parsed `--matrix`: the key as typed (e.g. `oomScoreAdj.test_mem1`) and its values. */
export interface MatrixFlag {
  key: string;
  values: string[];
}

// `--matrix key=v1,v2,...`: which setting to vary, and its values (checked by the plan).
export function parseMatrix(text: string): MatrixFlag {
  const m = /^([a-zA-Z]+)(?:\.([a-z][a-z0-9_-]*))?=(.+)$/.exec(text);
  const base = m?.[1] as (typeof MATRIX_KEYS)[number] | undefined;
  const values = m?.[3]!.split(',').map((v) => v.trim()) ?? [];
  const named = base === 'oomScoreAdj';
  if (!m || !base || !MATRIX_KEYS.includes(base) || named !== (m[2] !== undefined) || values.length < 1 || values.some((v) => v === '')) {
    throw new InputError('--matrix', 'key=v1,v2,... with key swappiness, swap, memory or oomScoreAdj.PARTICIPANT (e.g. swappiness=0,60,100)', showValue(text));
  }
  return { key: named ? `${base}.${m[2]}` : base, values };
}

// Why: one matrix value as the plan's overrides.
export function matrixOverride(matrix: MatrixFlag, value: string): ScenarioOverrides {
  if (matrix.key.startsWith('oomScoreAdj.')) return { oomScoreAdj: { participant: matrix.key.slice('oomScoreAdj.'.length), value } };
  return { [matrix.key]: value };
}

function matrixValue(o: ScenarioOverrides): string {
  return String(o.oomScoreAdj ? o.oomScoreAdj.value : (o.memory ?? o.swap ?? o.swappiness));
}

let drawn = 0;
// A line per participant, redrawn in place: RSS, VSZ and swap, and its state.
function live(v: LiveView): void {
  const bar = (n: number, max: number): string => '#'.repeat(Math.min(20, Math.round((20 * n) / Math.max(max, 1)))).padEnd(20, '.');
  const max = Math.max(1, ...v.instances.map((i) => i.vsz));
  const lines = v.instances.map(
    (i) => `${stripControl(i.name).padEnd(16)} ${i.state.padEnd(8)} rss ${bar(i.rss, max)} ${formatSize(i.rss).padStart(10)}  vsz ${formatSize(i.vsz).padStart(10)}  swap ${formatSize(i.swap).padStart(10)}${i.oomKills ? `  oom-killed x${i.oomKills}` : ''}`,
  );
  lines.unshift(`${(v.elapsedMs / 1000).toFixed(1)}s  OOM kills: ${v.oomKills}`);
  process.stderr.write(`${drawn ? `\x1b[${drawn}F` : ''}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
  drawn = lines.length;
}

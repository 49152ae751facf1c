import { CgroupPermissionError } from '../../cgroup/errors.js';
import { EnvironmentError } from '../../errors/environment-error.js';
import { OutputError } from '../../errors/output-error.js';
import { InputError, showValue } from '../../errors/input-error.js';
import { renderHtmlReport } from '../../report/html.js';
import { renderJunit } from '../../report/junit.js';
import { formatMatrixTable, matrixRows } from '../../report/matrix.js';
import { formatRunSummary } from '../../report/text.js';
import { loadScenario } from '../../scenario/index.js';
import { overridesOf, parseMatrixAxis, type MatrixAxis } from '../../scenario/matrix-keys.js';
import type { Scenario, ScenarioOverrides } from '../../scenario/types.js';
import { resolveScenarioPath, runLoadedScenario } from '../../run/run-scenario.js';
import type { LiveView } from '../../run/live-view.js';
import type { RunResult } from '../../result/types.js';
import { liveLines } from '../live-lines.js';
import { claimSignals } from '../signal-hold.js';
import { useColor } from '../terminal.js';
import { checkOutputDir, checkOutputFiles, writeOutput } from '../output/write-output.js';
import { makeOutputDir } from '../../participant/output-dir.js';
import { join } from 'node:path';

// `oomlab run`'s action, loaded only when the command runs (commands/run.ts): the runner, the scenario
// loader and the reports stay out of every other command's start-up.

/** `oomlab run`'s options, as commander parses them. */
export interface RunFlags {
  json?: string;
  html?: string;
  junit?: string;
  out?: string;
  /** Hidden: the participants' output files only (a VM guest's --out). */
  outputFiles?: string;
  matrix?: string;
  cgroupParent?: string;
  allowUnbounded?: boolean;
  allowHostSwappiness?: boolean;
  findLimit?: string;
  group?: string;
  step?: string;
  repeat?: string;
}

// Why: run each scenario (or each matrix value), print its summary, write the files asked for.
export async function runAction(scenarios: string[], flags: RunFlags): Promise<void> {
  if (flags.findLimit !== undefined) return (await import('./find-limit-action.js')).findLimitAction(scenarios, flags);
  for (const [flag, value] of [['--group', flags.group], ['--step', flags.step], ['--repeat', flags.repeat]] as const) {
    if (value !== undefined) throw new InputError(flag, 'to be used with --find-limit', showValue(value));
  }
  const abort = new AbortController();
  // Listening stays on until the results are written (execa's signal-exit re-raises a signal that no
  // other listener is left to handle); one that came while oomlab loaded aborts at once.
  const unclaim = claimSignals(() => abort.abort());
  try {
    const matrix = flags.matrix === undefined ? undefined : parseMatrix(flags.matrix);
    if (matrix && scenarios.length !== 1) throw new InputError('--matrix', 'exactly one scenario to vary', `${scenarios.length} scenarios`);
    checkOutputFiles([['--json', flags.json], ['--html', flags.html], ['--junit', flags.junit]]);
    checkOutputDir('--out', flags.out);
    checkOutputDir('--output-files', flags.outputFiles);
    const filesDir = flags.out ?? flags.outputFiles;
    // Everything the user typed is checked before the first run creates anything; each file is
    // read and validated once (under TCG in a VM that alone takes a noticeable part of a second).
    const loaded: Array<{ arg: string; file: string; scenario: Scenario }> = [];
    for (const name of scenarios) {
      const file = resolveScenarioPath(name);
      const scenario = await loadScenario(file);
      // A `vm:` block is the machine `oomlab vm run` boots; a host's own settings are not oomlab's to change.
      if (scenario.vm && process.env.OOMLAB_IN_VM !== '1') process.stderr.write(`oomlab: ${name}: its vm: block applies to oomlab vm run only (ignored here)\n`);
      loaded.push({ arg: name, file, scenario });
    }
    const runs: Array<{ arg: string; file: string; scenario: Scenario; overrides: ScenarioOverrides }> = matrix
      ? matrix.values.map((v) => ({ ...loaded[0]!, overrides: matrixOverride(matrix, v) }))
      : loaded.map((l) => ({ ...l, overrides: {} }));
    const results: RunResult[] = [];
    const tty = process.stderr.isTTY;
    for (const [n, { arg, file, scenario, overrides }] of runs.entries()) {
      const outputDir = filesDir === undefined ? undefined : runs.length === 1 ? filesDir : join(filesDir, `run-${n + 1}`);
      const result = await runLoadedScenario(scenario, {
        outputDir,
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
    const doc = matrix ? { matrix: { key: matrix.key, values: matrix.values, rows }, runs: results } : results.length === 1 ? results[0] : { runs: results };
    const json = flags.json || flags.out ? `${JSON.stringify(doc, null, 1)}\n` : '';
    const html = flags.html || flags.out ? renderHtmlReport(results, matrix ? { matrix: { key: matrix.key, values: matrix.values.slice(0, results.length) } } : {}) : '';
    if (flags.json) writeOutput('--json', flags.json, json);
    if (flags.html) writeOutput('--html', flags.html, html);
    if (flags.out && results.length) {
      // Made already if a participant started; not if none did (an aborted run).
      try {
        makeOutputDir(flags.out);
      } catch (err) {
        throw new OutputError(`--out ${flags.out}`, err);
      }
      writeOutput('--out', join(flags.out, 'result.json'), json);
      writeOutput('--out', join(flags.out, 'report.html'), html);
    }
    if (flags.junit) writeOutput('--junit', flags.junit, renderJunit(results));
    process.exitCode = abort.signal.aborted ? 130 : results.every((r) => r.verdict === 'pass') ? 0 : 1;
  } finally {
    unclaim();
  }
}

/** A parsed `--matrix`: the key as typed (e.g. `oomScoreAdj.test_mem1`) and its values. */
export type MatrixFlag = MatrixAxis;

// `--matrix key=v1,v2,...`: which setting to vary, and its values (the key table is
// scenario/matrix-keys.ts, shared with `oomlab vm run` and `oomlab replay`; the plan checks the values).
export function parseMatrix(text: string): MatrixFlag {
  return parseMatrixAxis(text, false);
}

// Why: one matrix value as the plan's overrides.
export function matrixOverride(matrix: MatrixFlag, value: string): ScenarioOverrides {
  return overridesOf([[matrix.key, value]]);
}

function matrixValue(o: ScenarioOverrides): string {
  return String(o.oomScoreAdj ? o.oomScoreAdj.value : (o.memory ?? o.swap ?? o.swappiness));
}

let drawn = 0;
// A line per participant (the ones most worth watching, when they outnumber the terminal's rows),
// redrawn in place: RSS, VSZ and swap, and its state.
function live(v: LiveView): void {
  const lines = liveLines(v, process.stderr.columns, process.stderr.rows);
  process.stderr.write(`${drawn ? `\x1b[${drawn}F` : ''}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n\x1b[J`);
  drawn = lines.length;
}

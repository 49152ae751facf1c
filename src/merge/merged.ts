import { InputError, showValue } from '../errors/input-error.js';
import type { RunResult } from '../result/types.js';

/** The JSON schema id of a merged file. */
export const MERGED_SCHEMA = 'oomlab/merged@1';

/** One run in a merged file: a result, the label of its row, the file it came from. */
export interface MergedRun {
  /** The host (or the name given with NAME=FILE): a safe label (labels.ts). */
  label: string;
  /** The file it was read from, as given on the command line. */
  file: string;
  /** For a run of a `--matrix` sweep: which value, as `key=value`. */
  variant?: string;
  result: RunResult;
}

/** `oomlab merge --json`: every run, each labelled. */
export interface MergedResults {
  schema: typeof MERGED_SCHEMA;
  runs: MergedRun[];
}

// Why: a file named in an error is shown whole (up to a bound), quoted, as one line.
export function showFile(file: string): string {
  return showValue(file, 400);
}

// Why: a scenario's table has one row per label (and matrix value); two runs that would share a row
// are ambiguous, so the second is refused, naming its file and the file that had the label first.
export function foldRuns(runs: MergedRun[]): MergedResults {
  const seen = new Map<string, string>();
  for (const run of runs) {
    const key = JSON.stringify([run.label, run.result.scenario.name, run.variant ?? '']);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(
        'label',
        `a label no other run of ${showValue(run.result.scenario.name)} has (name this file's runs: NAME=FILE)`,
        `${showValue(run.label, 110)}, which ${showFile(first)} has too`,
        showFile(run.file),
      );
    }
    seen.set(key, run.file);
  }
  return { schema: MERGED_SCHEMA, runs };
}

// Why: the label a run is shown under: its label, and its matrix value when it has one.
export function rowLabel(run: MergedRun): string {
  return run.variant ? `${run.label} ${run.variant}` : run.label;
}

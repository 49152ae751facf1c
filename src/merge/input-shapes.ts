import { InputError, showValue } from '../errors/input-error.js';
import { checkRunResult, MalformedResultError } from '../result/parse.js';
import { RESULT_SCHEMA, type RunResult } from '../result/types.js';
import { defaultLabel, isSafeLabel, LABEL_EXPECTED } from './labels.js';
import { MERGED_SCHEMA, showFile, type MergedRun } from './merged.js';

// The shapes `oomlab merge` reads, each from another machine and so checked field by field:
// - one result (`oomlab run --json` of one scenario; `oomlab vm run --json`): oomlab/result@2, or @1;
// - `{ "runs": [...] }` (`oomlab run --json` of several scenarios);
// - `{ "matrix": { "key", "values" }, "runs": [...] }` (`oomlab run --matrix ... --json`);
// - `{ "schema": "oomlab/merged@1", "runs": [...] }` (an earlier `oomlab merge --json`), its labels kept.

/** What the file is expected to be, in words. */
const EXPECTED = 'an oomlab result: the JSON oomlab run --json or oomlab merge --json writes';
const MATRIX_KEY = /^[a-z]{1,32}$/;
const MATRIX_VALUE = /^[A-Za-z0-9_.%+-]{1,32}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Why: each run inside is checked as a result; a problem is one line naming the file and the field.
function checked(value: unknown, at: string, where: string): RunResult {
  try {
    return checkRunResult(value, at || 'the result');
  } catch (err) {
    if (!(err instanceof MalformedResultError) || err.at === undefined) throw err;
    const field = err.at === '(top level)' ? at || 'RESULT' : `${at ? `${at}.` : ''}${err.at}`;
    throw new InputError(field, (err.problem ?? 'an oomlab result').replace(/^expected /, ''), undefined, where);
  }
}

function runsArray(value: Record<string, unknown>, where: string): unknown[] {
  const runs = value['runs'];
  if (!Array.isArray(runs)) throw new InputError('runs', 'an array of results', showValue(typeof runs), where);
  if (runs.length === 0) throw new InputError('runs', 'at least one run', 'none', where);
  return runs;
}

// Why: a merged file's runs keep the labels they were given; each is checked again (a merged file
// is as untrusted as any other).
function mergedRuns(value: Record<string, unknown>, where: string): Array<Omit<MergedRun, 'file'> & { file?: string }> {
  return runsArray(value, where).map((entry, i) => {
    const at = `runs[${i}]`;
    if (!isObject(entry)) throw new InputError(at, 'an object with label, file and result', undefined, where);
    const { label, file, variant } = entry;
    if (typeof label !== 'string' || !isSafeLabel(label)) throw new InputError(`${at}.label`, LABEL_EXPECTED, showValue(label), where);
    if (variant !== undefined && (typeof variant !== 'string' || !/^[a-z]{1,32}=[A-Za-z0-9_.%+-]{1,32}$/.test(variant))) {
      throw new InputError(`${at}.variant`, 'key=value, as --matrix gives it', showValue(variant), where);
    }
    if (file !== undefined && typeof file !== 'string') throw new InputError(`${at}.file`, 'a file name', showValue(file), where);
    return { label, ...(file !== undefined ? { file } : {}), ...(variant !== undefined ? { variant } : {}), result: checked(entry['result'], `${at}.result`, where) };
  });
}

// Why: `--matrix key=v1,v2`'s key and values label its runs (`swappiness=60`), so they are checked
// to be short and plain, and one value per run.
function matrixVariants(matrix: unknown, count: number, where: string): string[] {
  if (!isObject(matrix) || typeof matrix['key'] !== 'string' || !MATRIX_KEY.test(matrix['key'])) {
    throw new InputError('matrix.key', 'a --matrix key such as swappiness', showValue(isObject(matrix) ? matrix['key'] : matrix), where);
  }
  const values = matrix['values'];
  if (!Array.isArray(values) || values.length < count || !values.every((v) => typeof v === 'string' && MATRIX_VALUE.test(v))) {
    const got = Array.isArray(values) ? `${values.length} values, not all short and plain` : 'no list';
    throw new InputError('matrix.values', `one short value (such as 60 or 256M) per run, ${count} of them`, got, where);
  }
  return values.slice(0, count).map((v) => `${matrix['key'] as string}=${v as string}`);
}

// Why: whatever the shape, the runs of one file, each checked and labelled (NAME=FILE, or its host).
export function runsOf(value: unknown, file: string, name: string | undefined): MergedRun[] {
  const where = showFile(file);
  if (!isObject(value)) throw new InputError('RESULT', EXPECTED, `JSON that is not an object`, where);
  const label = (r: RunResult): string => name ?? defaultLabel(r, file);
  const schema = value['schema'];
  if (schema === MERGED_SCHEMA) {
    if (name !== undefined) throw new InputError('NAME', 'no name for a merged file (its runs keep their labels)', showValue(name), where);
    return mergedRuns(value, where).map((r) => ({ ...r, file: r.file ?? file }));
  }
  if (schema === RESULT_SCHEMA || schema === 'oomlab/result@1') {
    const result = checked(value, '', where);
    return [{ label: label(result), file, result }];
  }
  if (schema !== undefined) {
    throw new InputError('schema', `"${RESULT_SCHEMA}" (or "oomlab/result@1"), or "${MERGED_SCHEMA}" (a newer oomlab may have written it)`, showValue(schema), where);
  }
  if (!('runs' in value)) throw new InputError('RESULT', EXPECTED, 'JSON with neither "schema" nor "runs"', where);
  const runs = runsArray(value, where).map((r, i) => checked(r, `runs[${i}]`, where));
  const variants = value['matrix'] === undefined ? undefined : matrixVariants(value['matrix'], runs.length, where);
  return runs.map((result, i) => ({ label: label(result), file, ...(variants ? { variant: variants[i]! } : {}), result }));
}

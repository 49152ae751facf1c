import { readFileSync, statSync } from 'node:fs';
import { InputError, showValue } from '../errors/input-error.js';
import { formatSize } from '../units/size.js';
import { runsOf } from './input-shapes.js';
import { isSafeLabel, LABEL_EXPECTED } from './labels.js';
import { foldRuns, showFile, type MergedResults, type MergedRun } from './merged.js';

/** Far above any result oomlab writes (its series are thinned to a bounded size); refuses /dev/zero. */
const MAX_BYTES = 256 * 1024 * 1024;

/** One command-line argument: a file, and the label its runs are given, if any. */
interface MergeInput {
  file: string;
  name?: string;
}

// Why: `NAME=FILE` labels a file's runs; a label has no `/`, so `./a=b.json` (or any path with a `/`
// before its first `=`) is a file. A name that is not a safe label is refused, naming the file.
export function parseMergeArg(arg: string): MergeInput {
  const eq = arg.indexOf('=');
  if (eq < 0 || arg.slice(0, eq).includes('/')) return { file: arg };
  const name = arg.slice(0, eq);
  const file = arg.slice(eq + 1);
  if (!isSafeLabel(name)) throw new InputError('NAME', LABEL_EXPECTED, showValue(name), showFile(file));
  if (file === '') throw new InputError('FILE', 'a result file after NAME=', showValue(arg));
  return { file, name };
}

// Why: a file that cannot be read (missing, a directory, a device, too large) is named in one line.
function readInput(file: string): Buffer {
  const expected = 'a readable oomlab result file';
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError('RESULT', expected, `${showFile(file)} (${st.isDirectory() ? 'a directory' : 'not a regular file'})`);
    if (st.size > MAX_BYTES) throw new InputError('RESULT', `${expected} of at most ${formatSize(MAX_BYTES)}`, `${showFile(file)} (${formatSize(st.size)})`);
    return readFileSync(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('RESULT', expected, `${showFile(file)} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

// Why: every file is read and checked before anything is written, so bad input leaves nothing behind.
export function readMergeInputs(args: string[]): MergedResults {
  const runs: MergedRun[] = [];
  for (const { file, name } of args.map(parseMergeArg)) {
    const bytes = readInput(file);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new InputError('RESULT', 'an oomlab result (JSON)', `text that is not JSON (${bytes.length} bytes)`, showFile(file));
    }
    runs.push(...runsOf(value, file, name));
  }
  return foldRuns(runs);
}

import { makeOutputDir } from '../participant/output-dir.js';
import type { OutputOptions } from '../participant/output-capture.js';
import { OutputError } from '../errors/output-error.js';
import { oneLine } from '../report/escape.js';

// The output directory is made when the run starts (after everything the user wrote was checked); one
// that cannot be made is an OutputError naming it; a file that cannot be written is said once, and the
// run goes on with the lines it keeps in memory.
export function outputOptions(dir: string | undefined): OutputOptions {
  if (dir === undefined) return {};
  try {
    makeOutputDir(dir);
  } catch (err) {
    throw new OutputError(`output directory ${dir}`, err);
  }
  return { dir, onFileError: (file, err) => process.stderr.write(`oomlab: note: cannot write ${oneLine(file)} (${errorCode(err)}); the rest of that output is not kept there\n`) };
}

const errorCode = (err: unknown): string => (err && typeof err === 'object' && 'code' in err ? String(err.code) : String(err));

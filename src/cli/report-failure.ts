import { EnvironmentError } from '../errors/environment-error.js';
import { InputError } from '../errors/input-error.js';
import { OutputError } from '../errors/output-error.js';
import { stripControl } from '../report/escape.js';

// Why: one place decides what a failure looks like on the terminal, for the CLI and the VM guest's
// entry alike: our three kinds are one line and their exit code; anything else is a bug and keeps its stack.
export function reportFailure(err: unknown): number {
  if (err instanceof InputError || err instanceof EnvironmentError || err instanceof OutputError) {
    process.stderr.write(`oomlab: ${stripControl(err.message)}\n`);
    return err.exitCode;
  }
  process.stderr.write(`oomlab: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}

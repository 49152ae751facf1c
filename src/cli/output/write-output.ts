import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, showValue } from '../../errors/input-error.js';
import { OutputError } from '../../errors/output-error.js';

/** An output flag and the file the user gave it. */
type OutputFlag = readonly [flag: string, file: string | undefined];

// Why: a file that could never be written (its directory missing or read-only, the path a directory)
// is a mistake in the command: said before a run or a VM is started, exit 2, nothing created.
export function checkOutputFiles(outputs: readonly OutputFlag[]): void {
  for (const [flag, file] of outputs) {
    if (file === undefined) continue;
    const expected = 'a file path in an existing directory this user can write';
    if (file === '' || isDirectory(file)) throw new InputError(flag, expected, showValue(file));
    try {
      accessSync(dirname(file), constants.W_OK);
    } catch {
      throw new InputError(flag, expected, showValue(file));
    }
  }
}

// Why: every file a command writes on request (--json, --html, --junit, --kmsg) fails the same way
// when the write itself fails (a full disk): one line naming the flag and the file, exit 1.
export function writeOutput(flag: string, file: string, data: string | Buffer): void {
  try {
    writeFileSync(file, data);
  } catch (err) {
    throw new OutputError(`${flag} ${file}`, err);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

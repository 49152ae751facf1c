import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

// Why: `--out DIR` is made when the run starts (mkdir -p); a DIR that could never be made or written
// (a file in its place, a read-only parent) is said first, exit 2, nothing created.
export function checkOutputDir(flag: string, dir: string | undefined): void {
  if (dir === undefined) return;
  const expected = 'a directory this user can write, or a path where one can be made';
  if (dir === '') throw new InputError(flag, expected, showValue(dir));
  let at = resolve(dir);
  while (!isDirectory(at)) {
    if (exists(at) || dirname(at) === at) throw new InputError(flag, expected, showValue(dir));
    at = dirname(at);
  }
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
  } catch {
    throw new InputError(flag, expected, showValue(dir));
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

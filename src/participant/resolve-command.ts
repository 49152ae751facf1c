import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

// A command participant's program is found the way oomlab-hog's execvp(3) will find it: a name with a
// `/` is a path (relative to the participant's cwd); any other name is looked up in the PATH the
// participant will have (its own env's PATH, else the harness's; execvp's default when there is none).
// Checked before anything is made, so a typo is exit 2 and not a run whose command "exited 127".

/** What execvp(3) searches when PATH is unset. */
const EXECVP_DEFAULT_PATH = '/bin:/usr/bin';

/** Why a command cannot start, or undefined when it can. */
export type CommandProblem = { field: 'cwd' | 'argv0'; expected: string } | undefined;

// Why: the one check of "will this command start", for the plan's commands before a run.
export function commandProblem(argv0: string, env: Readonly<Record<string, string>>, cwd: string | undefined): CommandProblem {
  const dir = cwd ?? process.cwd();
  if (cwd !== undefined && !isDirectory(dir)) return { field: 'cwd', expected: 'an existing directory' };
  if (argv0.includes('/')) {
    return executable(isAbsolute(argv0) ? argv0 : resolve(dir, argv0)) ? undefined : { field: 'argv0', expected: 'an executable file (the path does not name one)' };
  }
  const path = env['PATH'] ?? process.env['PATH'] ?? EXECVP_DEFAULT_PATH;
  // An empty entry in PATH means the current directory, as for execvp(3).
  const found = path.split(delimiter).some((d) => executable(resolve(dir, join(d || '.', argv0))));
  return found ? undefined : { field: 'argv0', expected: `a program on the participant's PATH (not found in ${path})` };
}

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// Why: a test decides for itself whether a tool is installed (as `command -v` would), so a bug in the
// code under test can never turn into a skip.
export function commandOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

let setpriv: string | null | undefined;

// Why: tests that act as another user need util-linux's setpriv (--reuid, --groups); busybox's has neither.
export function setprivWithUids(): string | undefined {
  if (setpriv === undefined) {
    const path = commandOnPath('setpriv');
    const help = path ? spawnSync(path, ['--help'], { encoding: 'utf8' }) : undefined;
    setpriv = path && `${help?.stdout}${help?.stderr}`.includes('--reuid') ? path : null;
  }
  return setpriv ?? undefined;
}

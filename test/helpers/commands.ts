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

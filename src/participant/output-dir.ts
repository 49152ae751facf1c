import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// Why: `mkdir -p` for an output directory, one level at a time. Node's own recursive mkdir retries
// forever where a parent exists but mkdir says ENOENT (a path under /proc); here that is one error.
export function makeOutputDir(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !isDirectory(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !isDirectory(path)) throw err;
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

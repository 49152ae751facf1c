import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors/environment-error.js';

// node-gyp puts both targets in build/Release (or build/Debug with --debug) at the package root;
// this module runs from src/native (tests) or dist/native (the built package), two levels below it.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package's root directory. */
export const PACKAGE_ROOT = ROOT;

const REBUILD_HINT = 'build it with `npm run build` (needs python3, make and a C compiler; see README)';

// Why: one place that knows where a native build artifact lives, with one actionable error if not.
export function findBuildArtifact(name: string): string {
  for (const config of ['Release', 'Debug']) {
    const path = join(ROOT, 'build', config, name);
    if (existsSync(path)) return path;
  }
  throw new EnvironmentError(`the native build is missing: ${join(ROOT, 'build', 'Release', name)} does not exist`, REBUILD_HINT);
}

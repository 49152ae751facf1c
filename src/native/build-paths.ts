import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors/environment-error.js';

// node-gyp puts both targets in build/Release (or build/Debug with --debug) at the package root.
// This module runs from src/native (tests), dist/native (the library) or inlined in the CLI's bundle
// (dist/oomlab.mjs), so the root is found by walking up to our own package.json, not by a fixed depth.
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'oomlab') return dir;
    if (dirname(dir) === dir) throw new EnvironmentError(`cannot find oomlab's package.json above ${from}`, 'reinstall oomlab');
  }
}
const ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

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

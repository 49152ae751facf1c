import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors/environment-error.js';
import { prebuildDir, prebuildMismatch, readManifest, thisHost } from './prebuild.js';

// Where the two native artifacts (oomlab.node, oomlab-hog) come from, in node-gyp-build's order: a
// build from source at the package root (build/Release, or build/Debug with --debug) wins, so whoever
// compiled gets what they compiled; else the prebuild for this platform and arch that the rules in
// prebuild.ts accept (the npm package ships prebuilds/linux-x64).
// This module runs from src/native (tests), dist/native (the library) or inlined in the CLI's bundle
// (dist/oomlab.cjs), so the root is found by walking up to our own package.json, not by a fixed depth.
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

/** How to get a native build when none fits: said by every error about a missing one. */
export const REBUILD_HINT = 'build it from source with `npm rebuild oomlab --build-from-source`, or `npm run build` in a clone (either needs python3, make and a C compiler; see README)';

const resolved = new Map<string, string>();

/** Where an artifact was found, or everything that was tried and why each did not fit. */
export type ArtifactLookup = { path: string; source: 'build' | 'prebuild' } | { path?: undefined; tried: string[] };

// Why: the lookup itself, which never throws: doctor and the VM ask "is there one?" without an error.
export function lookupBuildArtifact(name: string, root: string = ROOT, from: 'any' | 'prebuild' = 'any'): ArtifactLookup {
  const tried: string[] = [];
  for (const config of from === 'any' ? ['Release', 'Debug'] : []) {
    const path = join(root, 'build', config, name);
    if (existsSync(path)) return { path, source: 'build' };
    tried.push(`${path} does not exist`);
  }
  const dir = prebuildDir(root);
  const manifest = readManifest(dir);
  const why = typeof manifest === 'string' ? manifest : prebuildMismatch(manifest, thisHost(root), name);
  const path = join(dir, name);
  if (why === undefined && existsSync(path)) return { path, source: 'prebuild' };
  tried.push(`the prebuild ${path} does not fit: ${why ?? 'the file is missing'}`);
  return { tried };
}

// Why: one place that knows where a native build artifact lives, with one actionable error if not.
export function findBuildArtifact(name: string): string {
  const known = resolved.get(name);
  if (known) return known;
  const found = lookupBuildArtifact(name);
  if (found.path === undefined) throw new EnvironmentError(`the native build is missing: ${found.tried.join('; ')}`, REBUILD_HINT);
  resolved.set(name, found.path);
  return found.path;
}

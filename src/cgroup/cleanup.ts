import { join } from 'node:path';
import type { CgroupIo } from './io.js';
import { destroyCgroup, type DestroyOptions } from './destroy.js';
import { ownerAlive, parseOwnedName } from './names.js';

// Finding what a dead harness left: only direct children of the parent whose name says oomlab made them
// (names.ts), and only when their owner is gone. Everything else under the parent is left alone.

/** What a cleanup pass did. */
export interface CleanupResult {
  /** Paths of stale oomlab groups removed (with everything under them). */
  removed: string[];
  /** oomlab groups left because their harness is still running. */
  live: string[];
  /** Stale groups that could not be removed, and why. */
  failed: { path: string; error: string }[];
}

// Why: a later run and `oomlab cleanup` remove what a SIGKILLed harness could not.
export async function cleanupStale(io: CgroupIo, parentDir: string, opts: DestroyOptions = {}): Promise<CleanupResult> {
  const result: CleanupResult = { removed: [], live: [], failed: [] };
  for (const name of io.subdirs(parentDir).sort()) {
    const owned = parseOwnedName(name);
    if (!owned) continue;
    const path = join(parentDir, name);
    if (ownerAlive(io, owned.owner)) {
      result.live.push(path);
      continue;
    }
    try {
      await destroyCgroup(io, path, opts);
      result.removed.push(path);
    } catch (err) {
      result.failed.push({ path, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

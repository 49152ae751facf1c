import { execa } from 'execa';
import { findBuildArtifact } from '../native/build-paths.js';
import { toNativeError } from '../native/errors.js';
import { addonExport } from '../native/loader.js';

/** A probe result as the addon returns it: addresses as bigint (64-bit safe). */
export interface RawLayout {
  functionName: string;
  functionAddr: bigint;
  globalInitAddr: bigint;
  globalArrayStart: bigint;
  globalArrayEnd: bigint;
  rodataAddr: bigint;
  stackBottomAddr: bigint;
  stackTopAddr: bigint;
  brkBefore: bigint;
  mallocAddr: bigint;
  brkAfterMalloc: bigint;
  brkAfterFree: bigint;
  mallocSize: number;
  pageSize: number;
  maps: string;
}

// Why: the article ran mem_layout as its own small program; the executable reproduces exactly that
// (main, globals and a fresh heap), while the addon shows the same probe inside this Node process.
export async function probeExecutable(): Promise<RawLayout> {
  const { stdout } = await execa(findBuildArtifact('oomlab-hog'), ['--layout']);
  const raw = JSON.parse(stdout) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] = typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? BigInt(value) : value;
  }
  return out as unknown as RawLayout;
}

// Why: the same probe in this process (a Node service's own layout).
export function probeInProcess(): RawLayout {
  try {
    return addonExport<() => RawLayout>('layout')();
  } catch (err) {
    throw toNativeError(err);
  }
}

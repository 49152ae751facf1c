import { execa } from 'execa';
import { nativeLayout } from '../native/addon.js';
import { findBuildArtifact } from '../native/build-paths.js';
import type { RawLayout } from '../native/loader.js';

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
  return nativeLayout();
}

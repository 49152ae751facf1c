import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { lookupBuildArtifact, PACKAGE_ROOT, REBUILD_HINT } from './build-paths.js';

// A file that exists is not yet a build that works: a prebuild may need a newer glibc than the host's,
// or a copy may have lost its executable bit. So the install script (scripts/install.mjs) and `oomlab
// doctor` ask this module, which loads the addon and runs oomlab-hog's harmless layout probe.

/** What the self-test found. */
export interface SelfTest {
  ok: boolean;
  /** One line: where the two artifacts came from, or what failed. */
  detail: string;
}

const ARTIFACTS = ['oomlab.node', 'oomlab-hog'] as const;

// Why: one answer to "do the native parts work here?"; `prebuildOnly` tests the prebuild even where a
// build from source exists (the install script decides whether it needs one).
export function selfTest(options: { prebuildOnly?: boolean; root?: string } = {}): SelfTest {
  const root = options.root ?? PACKAGE_ROOT;
  const found: string[] = [];
  for (const name of ARTIFACTS) {
    const r = lookupBuildArtifact(name, root, options.prebuildOnly ? 'prebuild' : 'any');
    if (r.path === undefined) return { ok: false, detail: `${name}: ${r.tried.join('; ')} (${REBUILD_HINT})` };
    try {
      if (name === 'oomlab.node') createRequire(import.meta.url)(r.path);
      else execFileSync(r.path, ['--layout'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    } catch (err) {
      const e = err as Error & { stderr?: Buffer };
      return { ok: false, detail: `${r.path} does not ${name === 'oomlab.node' ? 'load' : 'run'} here: ${String(e.stderr ?? '').trim() || e.message.split('\n')[0]}` };
    }
    found.push(`${name} (${r.source === 'build' ? 'built from source' : 'prebuilt'}: ${r.path})`);
  }
  return { ok: true, detail: `${found.join(' and ')} work` };
}

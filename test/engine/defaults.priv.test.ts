import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { openCgroupRoot, type CgroupRoot } from '../../src/cgroup/index.js';
import { toEngineConfig } from '../../src/engine/config.js';
import { HOG_EXIT } from '../../src/engine/contract.js';
import { normalizeHogOptions } from '../../src/engine/options.js';
import { findBuildArtifact } from '../../src/native/build-paths.js';

const MiB = 1024 ** 2;

// The hog runs in a memory cgroup of its own (64 MiB), made as a run's is, on whichever cgroup
// version the machine has; it is destroyed with whatever is left in it, also when an assertion failed.
function cgroupRoot(): CgroupRoot | string {
  if (process.geteuid?.() !== 0) return 'needs root (cgroup writes)';
  try {
    return openCgroupRoot();
  } catch (err) {
    return `needs a memory cgroup (${(err as Error).message})`;
  }
}
const root = cgroupRoot();
const skip = typeof root === 'string' ? root : undefined;

// oomlab-hog run by hand: without --defaults a missing option is exit 2 (test/engine/refuses-missing);
// with it, the options left out are `oomlab hog`'s defaults, the ones TypeScript fills in.
describe.skipIf(skip)(`oomlab-hog --defaults${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it("takes `oomlab hog`'s defaults for what it is not given", async () => {
    const cg = (root as CgroupRoot).createRun({ memory: 64 * MiB }, { field: 'test' });
    try {
      const argv = ['--cgroup-procs', cg.procsFile, '--total', String(4 * MiB), '--touch', 'memset', '--after', 'free', '--progress-fd', '1'];
      const without = await execa(findBuildArtifact('oomlab-hog'), argv, { reject: false });
      expect(without.exitCode).toBe(HOG_EXIT.USAGE);
      const r = await execa(findBuildArtifact('oomlab-hog'), ['--defaults', ...argv]);
      const done = JSON.parse(r.stdout.trim().split('\n').pop()!);
      // 4 MiB in blocks of the default size, each the default interval apart
      const { blockBytes, intervalNs } = toEngineConfig(normalizeHogOptions({}));
      expect(done).toMatchObject({ ev: 'done', outcome: 'completed', blocks: (4 * MiB) / blockBytes, allocatedBytes: 4 * MiB, touchedBytes: 4 * MiB });
      expect(done.elapsedNs).toBeGreaterThanOrEqual(((4 * MiB) / blockBytes - 1) * intervalNs);
    } finally {
      await cg.destroy();
    }
  });
});

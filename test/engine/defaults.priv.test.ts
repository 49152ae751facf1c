import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { toEngineConfig } from '../../src/engine/config.js';
import { HOG_EXIT } from '../../src/engine/contract.js';
import { normalizeHogOptions } from '../../src/engine/options.js';
import { findBuildArtifact } from '../../src/native/build-paths.js';
import { createTestMemcg, destroyAllTestMemcgs } from '../helpers/memcg.js';
import { memcgV1SkipReason } from '../helpers/privileges.js';

const MiB = 1024 ** 2;
const skip = memcgV1SkipReason();

// oomlab-hog run by hand: without --defaults a missing option is exit 2 (test/engine/refuses-missing);
// with it, the options left out are `oomlab hog`'s defaults, the ones TypeScript fills in.
describe.skipIf(skip)(`oomlab-hog --defaults${skip ? ` (skipped: ${skip})` : ''}`, () => {
  afterEach(destroyAllTestMemcgs);

  it("takes `oomlab hog`'s defaults for what it is not given", async () => {
    const cg = createTestMemcg('defaults', 64 * MiB);
    const argv = ['--cgroup-procs', cg.procs, '--total', String(4 * MiB), '--touch', 'memset', '--after', 'free', '--progress-fd', '1'];
    const without = await execa(findBuildArtifact('oomlab-hog'), argv, { reject: false });
    expect(without.exitCode).toBe(HOG_EXIT.USAGE);
    const r = await execa(findBuildArtifact('oomlab-hog'), ['--defaults', ...argv]);
    const done = JSON.parse(r.stdout.trim().split('\n').pop()!);
    // 4 MiB in blocks of the default size, each the default interval apart
    const { blockBytes, intervalNs } = toEngineConfig(normalizeHogOptions({}));
    expect(done).toMatchObject({ ev: 'done', outcome: 'completed', blocks: (4 * MiB) / blockBytes, allocatedBytes: 4 * MiB, touchedBytes: 4 * MiB });
    expect(done.elapsedNs).toBeGreaterThanOrEqual(((4 * MiB) / blockBytes - 1) * intervalNs);
  });
});

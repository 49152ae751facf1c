import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryHierarchy, ownCgroupDir, TEST_ROOT_V2 } from './cgroups.js';

// The privileged project's per-worker set-up (vitest setupFiles): on cgroup v2 this worker moves into
// a cgroup of its own, TEST_ROOT_V2/w-<pid>, as `systemd-run --scope -p Delegate=yes` would put a
// harness, so a scenario it runs may make limited children there. On v1 it does nothing.
if (process.geteuid?.() === 0 && memoryHierarchy()?.version === 2) {
  const dir = join(TEST_ROOT_V2, `w-${process.pid}`);
  // A worker that ran an earlier file is there already (perhaps in its harness's leaf below it).
  if (!ownCgroupDir().startsWith(dir)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cgroup.procs'), String(process.pid));
  }
}

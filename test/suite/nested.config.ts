import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// A vitest run inside a test (test/suite/skip-report.test.ts): one VM test file, with none of the
// privileged project's set-up, whose teardown on cgroup v2 would sweep the outer run's test cgroups.
// Only ever run on a PATH without qemu, so the file only skips. The reporters come on the command line.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/vm/run-scenarios.priv.test.ts'],
  },
});

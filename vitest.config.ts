import { defineConfig } from 'vitest/config';

// Two projects because the suite has two kinds of test:
// - unit: pure logic (parsers, units, schema) on captured text; safe to run in parallel.
// - privileged: real cgroups, real OOM kills, swapfiles, /dev/kmsg and VMs. These share one
//   kernel and one memory budget (a run stays under ~4 GiB), and a kill in one would show up in
//   another's kernel-log window, so they run one file at a time.
export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" line at the end.
    // The skip report comes last: what was skipped and why; with OOMLAB_REQUIRE_ALL=1 it fails the run
    // on a skip that is not by design (test/helpers/skip-report.ts).
    reporters: ['default', 'json', './test/helpers/skip-report.ts'],
    outputFile: { json: 'test-artifacts/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.priv.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'privileged',
          include: ['test/**/*.priv.test.ts', 'examples/**/*.priv.test.ts'],
          // On cgroup v2 each worker gets a cgroup of its own (see test/helpers/cgroups.ts); on v1 these do nothing.
          globalSetup: ['test/helpers/cgroup-global.ts'],
          setupFiles: ['test/helpers/cgroup-setup.ts'],
          fileParallelism: false,
          sequence: { concurrent: false },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

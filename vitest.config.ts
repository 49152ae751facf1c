import { defineConfig } from 'vitest/config';

// Two projects because the suite has two kinds of test:
// - unit: pure logic (parsers, units, schema) on captured text; safe to run in parallel.
// - privileged: real cgroups, real OOM kills, swapfiles, /dev/kmsg and VMs. These share one
//   kernel and one memory budget (a run stays under ~4 GiB), and a kill in one would show up in
//   another's kernel-log window, so they run one file at a time.
export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" line at the end.
    reporters: ['default', 'json'],
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
          fileParallelism: false,
          sequence: { concurrent: false },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

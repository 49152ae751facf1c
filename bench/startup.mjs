// Benchmark 6 (issue 7): start-up. `oomlab --version`, and a one-participant no-op end to end, against
// `node -e 0` (the floor any Node CLI pays), interleaved.
//
//   node bench/startup.mjs
//
// Until `oomlab run` exists, the one-participant no-op is `oomlab hog --count 1 --hold 0 --json`: one
// 1 MiB untouched block, held for no time, in a memory cgroup of its own (`--cgroup`), the whole CLI
// path (options, spawning oomlab-hog, its progress records, sampling, the JSON result).
import { existsSync } from 'node:fs';
import { CLI, MiB, createMemcg, interleave, memcgSkipReason, runAlone, runTracked } from './lib.mjs';

async function wallMs(args) {
  const r = await runTracked(process.execPath, args, { timeoutMs: 30_000 });
  return r.wallNs / 1e6;
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  const rounds = Number(process.env.OOMLAB_BENCH_STARTUP_ROUNDS ?? opts.startupRounds ?? 15);
  const section = {
    title: '6. Start-up',
    method: [
      'Wall-clock milliseconds from spawn to exit as seen by the bench (lower is better), all three interleaved,',
      `${rounds} rounds. \`node\` is this same Node (${process.version}). The reference is \`node -e 0\`.`,
      'Interim: `oomlab run` (a one-participant no-op scenario) does not exist yet, so the end-to-end row is',
      '`oomlab hog --count 1 --hold 0 --json --cgroup <a 64 MiB memory cgroup>`: the whole hog path for one untouched 1 MiB block.',
    ].join(' '),
    rows: [],
    notes: [],
    skipped: [],
  };
  if (!existsSync(CLI)) {
    section.skipped.push(`the whole benchmark: ${CLI} is missing; build it with \`npx tsc -p tsconfig.build.json\``);
    return section;
  }
  const skip = memcgSkipReason();
  const cg = skip ? undefined : createMemcg('startup', 64 * MiB);
  try {
    const variants = [
      { name: 'node', fn: () => wallMs(['-e', '0']) },
      { name: 'version', fn: () => wallMs([CLI, '--version']) },
    ];
    if (cg) variants.push({ name: 'hog', fn: () => wallMs([CLI, 'hog', '--count', '1', '--hold', '0', '--json', '--cgroup', cg.dir]) });
    else section.skipped.push(`the one-participant row: ${skip}`);
    const res = await interleave(variants, rounds, { log });
    const N = '`node -e 0`';
    section.rows.push(
      { label: N, samples: res.node, unit: 'ms', isRef: true },
      { label: '`oomlab --version`', samples: res.version, unit: 'ms', ref: N },
    );
    if (cg) section.rows.push({ label: 'interim no-op: `oomlab hog --count 1 --hold 0 --json`', samples: res.hog, unit: 'ms', ref: N });
    section.notes.push(
      'The issue sets no numeric target for start-up; the ratios say what oomlab adds on top of Node itself.',
      '`oomlab --version` pays for everything `src/cli/main.ts` imports statically before it reads argv: all seven command modules, and through them commander, zod, yaml, execa and the scenario code. ' +
        'Not profiled here; the likely fix is to answer `--version` before those imports and to load each command\'s implementation with `import()` inside its action.',
    );
  } finally {
    cg?.destroySync();
  }
  return section;
}

await runAlone(import.meta.url, run);

// Benchmark 6 (issue 7): start-up. `oomlab --version`, and a one-participant no-op scenario end to end
// (`oomlab run`), against `node -e 0` (the floor any Node CLI pays), interleaved. Issue 17 sets the
// target: `oomlab --version` within 1.5x of `node -e 0` (each command loads its heavy part only when
// it runs: src/cli/commands/, test/cli/lazy-commands.test.ts).
//
//   node bench/startup.mjs
//
// The bin is dist/oomlab.cjs: the CLI bundled into one file and run from V8's code cache
// (scripts/bundle-cli.mjs, src/cli/launcher.ts). The rows marked *unbundled* run tsc's output
// (dist/cli/main.js) directly, module by module, as the bin did before: the same code, loaded the
// way Node loads a package's ES modules.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, interleave, memcgSkipReason, runAlone, runTracked } from './lib.mjs';

const UNBUNDLED = join(ROOT, 'dist/cli/main.js');
const NOOP = `name: noop
description: "bench/startup.mjs: one participant that does nothing"
cgroup: { memory: 64M, swap: 0 }
participants:
  - name: noop
    command: { argv: ["true"] }
run: { duration: 30s, until: all-exited, sample: 50ms }
expect:
  - participant: noop
    outcome: completed
`;

// runTracked rejects on a non-zero exit, so every figure is of a run that succeeded.
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
      'Wall-clock milliseconds from spawn to exit as seen by the bench (lower is better), all rows interleaved,',
      `${rounds} rounds. \`node\` is this same Node (${process.version}); the reference is \`node -e 0\`.`,
      'The no-op scenario is `oomlab run noop.yaml`: one command participant (`true`) in a 64 MiB memory cgroup, with an',
      '`expect:` block, so the whole path runs: reading and validating the file, the plan, the preflight, the run\'s cgroups,',
      'the kernel-log watcher, the sampler, the spawn through oomlab-hog, the outcome, the checks, the summary, the cleanup.',
      '*Unbundled* rows run tsc\'s output module by module (`node dist/cli/main.js`), as the bin did before it was bundled.',
    ].join(' '),
    rows: [],
    notes: [],
    skipped: [],
  };
  if (!existsSync(CLI) || !existsSync(UNBUNDLED)) {
    section.skipped.push(`the whole benchmark: ${CLI} or ${UNBUNDLED} is missing; build with \`npm run build\``);
    return section;
  }
  const skip = memcgSkipReason();
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-bench-startup-'));
  const noop = join(dir, 'noop.yaml');
  writeFileSync(noop, NOOP);
  // A code cache of the bench's own, trained as the build trains one (`oomlab list`): the user's cache
  // directory is shared by every checkout of this user, whose builds prune it (four bundles kept), so a
  // cache could vanish mid-bench and a run would compile and write instead.
  const savedCacheDir = process.env.OOMLAB_CACHE_DIR;
  process.env.OOMLAB_CACHE_DIR = join(dir, 'code-cache');
  try {
    await runTracked(process.execPath, [CLI, 'list'], { env: { ...process.env, OOMLAB_CODE_CACHE: 'write' }, timeoutMs: 60_000 });
    const variants = [
      { name: 'node', fn: () => wallMs(['-e', '0']) },
      { name: 'version', fn: () => wallMs([CLI, '--version']) },
      { name: 'versionEsm', fn: () => wallMs([UNBUNDLED, '--version']) },
    ];
    if (!skip) {
      variants.push({ name: 'noop', fn: () => wallMs([CLI, 'run', noop]) }, { name: 'noopEsm', fn: () => wallMs([UNBUNDLED, 'run', noop]) });
    } else section.skipped.push(`the no-op scenario rows: ${skip}`);
    const res = await interleave(variants, rounds, { log });
    const N = '`node -e 0`';
    section.rows.push(
      { label: N, samples: res.node, unit: 'ms', isRef: true },
      { label: '`oomlab --version`', samples: res.version, unit: 'ms', ref: N, target: { op: '<=', ratio: 1.5 } },
      { label: '`oomlab --version`, unbundled', samples: res.versionEsm, unit: 'ms', ref: N },
    );
    if (!skip) {
      section.rows.push(
        { label: '`oomlab run noop.yaml` (one participant, end to end)', samples: res.noop, unit: 'ms', ref: N },
        { label: '`oomlab run noop.yaml`, unbundled', samples: res.noopEsm, unit: 'ms', ref: N },
      );
    }
    section.notes.push(
      'The target (issue 17): `oomlab --version` within 1.5x of `node -e 0`. It was 1.69x (and 1.75x in an interleaved before/after run: 177 ms against 96 ms) while every command\'s modules were loaded at start-up (the scenario runner, the VM, the schema, execa) and the bin was an ES module. Now a command loads its heavy part when it runs (`--version` runs none; test/cli/lazy-commands.test.ts), and the bin is CommonJS (`dist/oomlab.cjs`: an ES module entry point starts Node\'s ESM loader, about 8 ms). What is left over `node -e 0` is the code cache\'s own work (reading the bundle, its SHA-256, loading node:crypto and node:vm, deserializing the cache) and commander, which loads node:child_process. The other rows have no target; their ratios say what oomlab adds on top of Node itself. The runs use a code cache of the bench\'s own, trained by `oomlab list`.',
      'What the bundle saves is the ES module loader\'s per-module work (resolve, read, compile, link about 200 files); the code cache saves compiling the bundle and, for the functions the build\'s training run (`oomlab list`) called, compiling them again on first call. ' +
        'The same difference is what matters in a VM under TCG (see VM boot), where every instruction of that work is emulated.',
    );
  } finally {
    if (savedCacheDir === undefined) delete process.env.OOMLAB_CACHE_DIR;
    else process.env.OOMLAB_CACHE_DIR = savedCacheDir;
    rmSync(dir, { recursive: true, force: true });
  }
  return section;
}

await runAlone(import.meta.url, run);

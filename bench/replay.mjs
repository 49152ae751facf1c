// Replay speed (issue 12, item 7): `oomlab replay` of a global report, end to end as a user runs it
// (the built bin: read and parse the log, generate the scenario, boot the VM under TCG, run the hogs
// until the kernel's kill, bring the result back, compare), in wall-clock seconds. Target: under 60 s
// on the 2-core test machine, VM boot included. The article's report at scale 1/4 (a 1120 MiB VM with
// 988 MiB of swap, ~1.3 GiB of hogs, swap in and out under TCG) and the 6.11 stress-ng report at 1/8
// (a 1208 MiB VM, no swap). The load average at the start and the end is printed: other work on the cores inflates the figures.
//
//   node bench/replay.mjs             (prints its section and one JSON line)
//   OOMLAB_BENCH_REPLAYS=3 node bench/replay.mjs
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ROOT, renderSection, summarize } from './lib.mjs';

const run1 = promisify(execFile);
const CASES = [
  { label: 'the article (2.6.32, global, swap estimated), scale 1/4', args: ['test/fixtures/kernel-logs/article-2.6.32-i686.txt', '--scale', '1/4'] },
  { label: '6.11 stress-ng (global, no swap), scale 1/8', args: ['test/fixtures/kernel-logs/stress-ng-6.11-global-meminfo.txt', '--scale', '1/8'] },
];

export async function run(opts = {}) {
  const rounds = Number(opts.rounds ?? process.env.OOMLAB_BENCH_REPLAYS ?? 3);
  const title = 'Replay (issue 12)';
  const bin = join(ROOT, 'dist', 'oomlab.cjs');
  if (!existsSync(bin)) return { title, skipped: ['dist/oomlab.cjs is not built (npm run build)'] };
  const load0 = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-bench-replay-'));
  const samples = CASES.map(() => ({ total: [], boot: [] }));
  const notes = [];
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [i, c] of CASES.entries()) {
        const json = join(dir, `r${r}-${i}.json`);
        const t0 = performance.now();
        try {
          await run1(process.execPath, [bin, 'replay', ...c.args, '--json', json], { cwd: ROOT, maxBuffer: 16 << 20 });
        } catch (err) {
          notes.push(`${c.label}, round ${r + 1}: exit ${err.code}: ${String(err.stderr ?? '').trim().split('\n').pop()}`);
          continue;
        }
        samples[i].total.push((performance.now() - t0) / 1000);
        const doc = JSON.parse(readFileSync(json, 'utf8'));
        if (!doc.reproduced) notes.push(`${c.label}, round ${r + 1}: not reproduced (${doc.verdict})`);
        if (doc.replay?.vm?.bootMs != null) samples[i].boot.push(doc.replay.vm.bootMs / 1000);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
  const rows = CASES.flatMap((c, i) => [
    { label: `oomlab replay: ${c.label}, end to end`, unit: 's', samples: samples[i].total, target: { op: '<=', value: 60 } },
    { label: '… of which qemu start → guest command starts', unit: 's', samples: samples[i].boot },
  ]);
  console.log(JSON.stringify({ bench: 'replay', rounds, cases: CASES.map((c, i) => ({ label: c.label, medianS: summarize(samples[i].total).median })), failures: notes.length }));
  return {
    title,
    method: `${rounds} round(s) of \`oomlab replay <log> --scale S --json F\` from the built bin, each case in turn, wall clock from spawn to exit (log parsing, scenario generation, root image and initramfs, VM boot under TCG with 2 vCPUs, the run until the kernel's kill, the comparison). Target (issue 12): under 60 s, VM boot included. Load average at the start: ${load0}; at the end: ${load} (on 2 cores, a load above 2 means other work shared them, and these figures are then inflated).`,
    rows,
    notes,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run();
  console.log(renderSection(section));
}

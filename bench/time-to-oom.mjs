// Benchmark 2 (issue 7): time to OOM. From start to the kernel's kill in a 256 MiB memory cgroup
// (no swap), for the hog and for stress-ng's vm stressor.
//
//   node bench/time-to-oom.mjs
//
// Both sides are measured by this process with one clock (process.hrtime) from just before spawn:
//   - to the kill: the cgroup's memory.oom_control `oom_kill` counter going to 1 (polled every 0.25 ms);
//   - to the exit: the started process gone or a zombie (polled the same way).
// stress-ng enters the cgroup through `oomlab-hog --cgroup-procs ... --exec --`, so it is inside before
// its first instruction; the hog joins with --cgroup-procs itself, before its first allocation.
import {
  FilePoller,
  HOG,
  MiB,
  createMemcg,
  exited,
  fmt,
  hasCommand,
  hogArgv,
  interleave,
  memcgSkipReason,
  runAlone,
  sleepSync,
  spawnTracked,
  summarize,
} from './lib.mjs';

const LIMIT = 256 * MiB;

/** One run: returns { killMs, exitMs } (NaN where it did not happen within timeoutMs). */
async function oomRun(name, argv, timeoutMs = 30_000) {
  const cg = createMemcg(`oom-${name}`, LIMIT);
  try {
    const p = spawnTracked(HOG, ['--cgroup-procs', cg.procs, ...argv], { cwd: '/tmp' });
    p.done.catch(() => {});
    const oom = new FilePoller(cg.file('memory.oom_control'));
    let tKill;
    let tExit;
    const deadline = p.t0 + BigInt(timeoutMs) * 1_000_000n;
    try {
      for (;;) {
        const t = process.hrtime.bigint();
        if (tKill === undefined) {
          const m = /oom_kill (\d+)/.exec(oom.read());
          if (m && Number(m[1]) >= 1) tKill = t;
        }
        if (tExit === undefined && exited(p.child.pid)) tExit = t;
        if ((tKill !== undefined && tExit !== undefined) || t > deadline) break;
        sleepSync(0.25);
      }
    } finally {
      oom.close();
      cg.killAll();
    }
    const r = await p.done.catch(() => ({}));
    if (tKill === undefined) throw new Error(`${name}: no OOM kill within ${timeoutMs} ms (exit ${r.code ?? r.signal})`);
    return { killMs: Number(tKill - p.t0) / 1e6, exitMs: tExit === undefined ? NaN : Number(tExit - p.t0) / 1e6 };
  } finally {
    cg.destroySync();
  }
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  const rounds = Number(process.env.OOMLAB_BENCH_ROUNDS ?? opts.rounds ?? 7);
  const section = {
    title: '2. Time to OOM (256 MiB memory cgroup, no swap)',
    method: [
      'Milliseconds from spawn to the kill (lower is better): the bench takes the time just before spawn and polls the cgroup\'s `memory.oom_control` every 0.25 ms until `oom_kill` is 1,',
      'and separately until the started process has exited (spawn-to-exit, the parent\'s view). One clock for both sides.',
      'The cgroup has `memory.limit_in_bytes` = `memory.memsw.limit_in_bytes` = 256 MiB and swappiness 0, so swap (if any appears) cannot be used.',
      'The hog: `oomlab-hog --cgroup-procs <cg>` with `block: 1M, touch: memset, interval: 0` and the other options at `oomlab hog`\'s defaults (no total: it fills until the kernel kills it).',
      'stress-ng: `stress-ng --vm 1 --vm-bytes 1G --vm-keep --oomable` (`--oomable` so it does not restart its OOM-killed worker; the kill time is unaffected), started in the cgroup through `oomlab-hog --exec`.',
      `Interleaved, ${rounds} rounds; ratios are medians of per-round ratios.`,
    ].join(' '),
    rows: [],
    notes: [],
    skipped: [],
  };
  const skip = memcgSkipReason();
  if (skip) {
    section.skipped.push(`the whole benchmark: ${skip}`);
    return section;
  }
  const haveStress = hasCommand('stress-ng');
  if (!haveStress) section.skipped.push('stress-ng: not installed; install it with `apt-get install stress-ng` (Debian package). Only the hog was measured.');
  const hog = await hogArgv({ block: MiB, touch: 'memset', interval: '0' });
  const hogFast = await hogArgv({ block: MiB, touch: 'pages', interval: '0', allocator: 'populate' });
  const stress = ['--exec', '--', 'stress-ng', '--vm', '1', '--vm-bytes', '1G', '--vm-keep', '--oomable', '--timeout', '60s', '--quiet'];
  const results = {};
  const variants = [
    { name: 'hog', fn: async () => (results.hog ??= []).push(await oomRun('hog', hog)) },
    { name: 'hog-fast', fn: async () => (results['hog-fast'] ??= []).push(await oomRun('hog-fast', hogFast)) },
  ];
  if (haveStress) {
    variants.push(
      { name: 'stress-ng', fn: async () => (results['stress-ng'] ??= []).push(await oomRun('stress-ng', stress)) },
      { name: 'stress-ng-populate', fn: async () => (results['stress-ng-populate'] ??= []).push(await oomRun('stress-ng-populate', [...stress, '--vm-populate'])) },
    );
  }
  // interleave() records what fn returns; here fn records a pair itself, and a failed run records NaNs.
  const wrapped = variants.map((v) => ({
    name: v.name,
    fn: async () => {
      try {
        await v.fn();
      } catch (err) {
        (results[v.name] ??= []).push({ killMs: NaN, exitMs: NaN });
        throw err;
      }
      return results[v.name].at(-1).killMs;
    },
  }));
  await interleave(wrapped, rounds, { log });
  const kill = (n) => (results[n] ?? []).map((x) => x.killMs);
  const exit = (n) => (results[n] ?? []).map((x) => x.exitMs);
  const S = 'stress-ng vm: spawn to oom_kill';
  const SE = 'stress-ng vm: spawn to exit';
  if (haveStress) section.rows.push({ label: S, samples: kill('stress-ng'), unit: 'ms', isRef: true });
  section.rows.push({
    label: 'hog `--touch memset`: spawn to oom_kill', samples: kill('hog'), unit: 'ms', ref: haveStress ? S : undefined,
    target: haveStress ? { op: '<=', ratio: 1.0 } : undefined, why: 'see the notes below',
  });
  if (haveStress) section.rows.push({ label: SE, samples: exit('stress-ng'), unit: 'ms', isRef: true });
  section.rows.push({
    label: 'hog `--touch memset`: spawn to exit', samples: exit('hog'), unit: 'ms', ref: haveStress ? SE : undefined,
    target: haveStress ? { op: '<=', ratio: 1.0 } : undefined, why: 'see the notes below',
  });
  // The fast fill is what a user picks to reach a limit quickly (`--allocator populate`), so it carries
  // the target too; the plain hog is the article's loop, and its time is this machine's fault cost.
  section.rows.push({
    label: 'hog fast (`--allocator populate --touch pages`): spawn to oom_kill', samples: kill('hog-fast'), unit: 'ms', ref: haveStress ? S : undefined,
    target: haveStress ? { op: '<=', ratio: 1.0 } : undefined, why: 'see the notes below',
  });
  if (haveStress) section.rows.push({ label: 'stress-ng vm `--vm-populate`: spawn to oom_kill', samples: kill('stress-ng-populate'), unit: 'ms', ref: S });
  const median = (n) => summarize(kill(n)).median;
  const med = (n) => fmt(median(n));
  // 256 MiB over the whole spawn-to-kill time: a lower bound on the fill rate (exec and the OOM path are in it).
  const rate = (n) => fmt(256 / 1024 / (median(n) / 1000));
  section.notes.push(
    `The plain hog is the article's loop: malloc(1 MiB) + memset, so every 4 KiB page is faulted in from user space, one fault each. Its ${med('hog')} ms for 256 MiB (at least ${rate('hog')} GiB/s, exec and the OOM path included) follows this machine's cost of a user-space page fault: compare the plain C loop, (a) in benchmark 1, which pays the same.`,
  );
  if (haveStress) {
    section.notes.push(
      `stress-ng (${med('stress-ng')} ms) maps its whole buffer with one mmap (2 MiB-aligned here) and advises it (MADV_WILLNEED, then MADV_POPULATE_READ from its methods, as strace shows), and its methods sweep it in patterns. ` +
        `\`--vm-populate\` adds MAP_POPULATE (${med('stress-ng-populate')} ms). The hog's fast fill populates in the kernel too, in 2 MiB chunks with huge pages where they are faster (${med('hog-fast')} ms).`,
    );
    if (median('hog') > median('stress-ng')) {
      section.notes.push(
        'Why the plain hog can be far behind stress-ng: stress-ng calls MADV_POPULATE_READ on its whole buffer, and on a kernel that then allocates real pages rather than mapping the shared zero page ' +
          '(seen on the machine of 2026-12-03, kernel 6.18: RssAnon was 256 MiB after MADV_POPULATE_READ of 256 MiB, in 41 ms) it reaches the limit inside that one call, at the kernel\'s own fill rate. ' +
          'The plain hog, the article\'s loop, writes each 4 KiB page from user space; on that machine a first user-space write cost about 11.5 µs per page when it faulted and about 6 µs even on a page the kernel had already populated ' +
          '(a C probe: 0.33 and 0.6 GiB/s, against 22 GiB/s for a second pass), which is row (a) of benchmark 1. The hog\'s fast fill populates in the kernel too, and is the one to use for a quick OOM.',
      );
    }
  }
  section.notes.push(
    'The fast fill near a cgroup limit: a huge page is charged 2 MiB at a time, and when the charge does not fit the kernel first tries to reclaim in the cgroup (nothing to reclaim here, no swap) before it falls back to small pages; ' +
      'that, and cold huge pages (see benchmark 1), is where its extra spread comes from.',
  );
  return section;
}

await runAlone(import.meta.url, run);

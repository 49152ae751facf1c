// Benchmark 1 (issue 7): fault-in throughput. How fast can oomlab fill 1 GiB, against the plainest C
// loop, against the kernel's own limit, and against stress-ng?
//
//   node bench/fault-in.mjs            (alone; prints its section)
//   OOMLAB_BENCH_ROUNDS=9 node bench/fault-in.mjs
//
// Every filling process runs in a memory cgroup (1.5 GiB limit, no swap) made for it here; the C
// references and stress-ng enter it through `oomlab-hog --cgroup-procs ... --exec --`, so they are
// inside before their first instruction.
import {
  FilePoller,
  GiB,
  HOG,
  MiB,
  compileC,
  createMemcg,
  exited,
  hasCommand,
  hogArgv,
  interleave,
  fmt,
  memcgSkipReason,
  ratioOf,
  runAlone,
  runTracked,
  sleepSync,
  spawnTracked,
  summarize,
} from './lib.mjs';

const TOTAL = GiB;
/** Another oomlab-hog build to compare with, interleaved (e.g. a copy from before an engine change). */
const BEFORE = process.env.OOMLAB_BENCH_HOG_BEFORE;
const BEFORE_LABEL = process.env.OOMLAB_BENCH_HOG_BEFORE_LABEL ?? `\`${BEFORE}\``;
/** Idle time before each run of the "cold" table: long enough for free page reporting to hand the
 *  memory the previous run freed back to the host. */
const COLD_IDLE_MS = Number(process.env.OOMLAB_BENCH_COLD_IDLE_MS ?? 4000);
const BLOCK = MiB;
const LIMIT = 1.5 * GiB;

/** Runs the hog to 1 GiB and returns its fill rate in GiB/s, from its own progress records. `seen`,
 *  when given, collects the fast fill's page-kind counters of each run (hugeTouchedBytes, probes). */
async function hogFill(cg, touch, allocator, bin = HOG, seen = undefined) {
  const argv = await hogArgv(
    { block: BLOCK, total: TOTAL, interval: '0', touch, allocator, after: 'free' },
    { setup: { pdeathsig: false, cgroupProcs: [cg.procs] }, progressFd: 1, progressEveryNs: 1e9 },
  );
  const r = await runTracked(bin, argv);
  const recs = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const reached = recs.find((x) => x.ev === 'phase' && (x.phase === 'hold' || x.phase === 'free'));
  const done = recs.find((x) => x.ev === 'done');
  if (!reached || done?.outcome !== 'completed') throw new Error(`hog did not complete: ${r.stdout.slice(-300)}`);
  if (reached.touchedBytes !== TOTAL) throw new Error(`hog touched ${reached.touchedBytes}, expected ${TOTAL}`);
  seen?.push({ hugeShare: reached.hugeTouchedBytes / TOTAL, probes: reached.probes });
  return TOTAL / GiB / (reached.elapsedNs / 1e9);
}

/** Runs a C reference (timed inside with CLOCK_MONOTONIC) in the cgroup; GiB/s. */
async function cFill(cg, argv) {
  const r = await runTracked(HOG, ['--cgroup-procs', cg.procs, '--exec', '--', ...argv]);
  const rec = JSON.parse(r.stdout.trim().split('\n').pop());
  return rec.bytes / GiB / (rec.fillNs / 1e9);
}

/** The outside view, the same for every program: spawn it in a fresh cgroup, poll the cgroup's
 *  memory.usage_in_bytes every 0.25 ms, and time the climb from 10% to 90% of 1 GiB. GiB/s. The
 *  program is killed once it is past 90% (or after timeoutMs). `waits`, when given, collects the
 *  milliseconds from spawn to 90% (what a user waits for, start-up included). */
async function polledFill(name, argv, timeoutMs, waits = undefined) {
  const cg = createMemcg(`fill-${name}`, LIMIT);
  try {
    const lo = 0.1 * TOTAL;
    const hi = 0.9 * TOTAL;
    const p = spawnTracked(HOG, ['--cgroup-procs', cg.procs, '--exec', '--', ...argv], { cwd: '/tmp' });
    p.done.catch(() => {});
    const usage = new FilePoller(cg.file('memory.usage_in_bytes'));
    let tLo;
    let tHi;
    const deadline = process.hrtime.bigint() + BigInt(timeoutMs) * 1_000_000n;
    try {
      for (;;) {
        const u = Number(usage.read());
        const t = process.hrtime.bigint();
        if (tLo === undefined && u >= lo) tLo = t;
        if (u >= hi) {
          tHi = t;
          break;
        }
        if (t > deadline || exited(p.child.pid)) break;
        sleepSync(0.25);
      }
    } finally {
      usage.close();
      cg.killAll();
      await p.done.catch(() => {});
    }
    if (tLo === undefined || tHi === undefined) throw new Error(`${name} did not reach 90% of 1 GiB in ${timeoutMs} ms`);
    waits?.push(Number(tHi - p.t0) / 1e6);
    return (hi - lo) / GiB / (Number(tHi - tLo) / 1e9);
  } finally {
    cg.destroySync();
  }
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  const rounds = Number(process.env.OOMLAB_BENCH_ROUNDS ?? opts.rounds ?? 5);
  // The kernel-side fills take well under a second each but spread widely from run to run on a VM
  // (see the notes on warm and cold memory), so their rows get more rounds than the slow plain loops.
  const fastRounds = Number(process.env.OOMLAB_BENCH_FAST_ROUNDS ?? Math.max(rounds, 11));
  const coldRounds = Math.min(rounds, 5);
  const polledRounds = Number(process.env.OOMLAB_BENCH_POLLED_ROUNDS ?? Math.max(rounds, 7));
  const section = {
    title: '1. Fault-in throughput (1 GiB in 1 MiB blocks)',
    method: [
      'Each figure is GiB/s over the fill of 1 GiB (higher is better), in a memory cgroup limited to 1.5 GiB with no swap.',
      '**Inside timing** (upper table rows): each program times its own fill with CLOCK_MONOTONIC, so process start-up and exit are excluded:',
      'the hog from its progress records (`--progress-fd 1 --progress-every 1000000000`: `elapsedNs` of the `phase` record `free`, the moment the 1 GiB target was reached);',
      'the C references (`bench/c/plain-loop.c`, `bench/c/populate.c`, built by the bench with `cc -O2`) around their loops.',
      '**Outside timing** (rows marked *polled*): stress-ng has no such record, so for the stress-ng comparison every program, the hog included, is timed the same way from outside:',
      'the bench polls the cgroup\'s `memory.usage_in_bytes` every 0.25 ms and times the climb from 10% to 90% of 1 GiB (0.8 GiB / that time).',
      'This excludes start-up (stress-ng\'s is long) and the first and last 10% of the fill, and is the same clock and method for both sides.',
      `Rows run interleaved, each round in its own order (shuffled with a fixed seed, the same orders every run, so that no row always follows the same neighbour: on this machine a fill is faster when the run before it freed memory the same way; see the notes), in groups: the plain loops ((a) and the plain hog) ${rounds} rounds, the kernel-side fills ((b) and the fast fill) ${fastRounds} rounds, the polled rows ${polledRounds} rounds; ratios are the median of per-round ratios.`,
      '**Warm and cold**: in the main rows and the polled rows each timed run directly follows an untimed run of the same program, so it reuses memory that the same kind of fill has just freed ("warm").',
      `The rows marked *cold* (${coldRounds} rounds for the kernel-side fills, 3 for the plain loops) each start after 4 s of idling, when free page reporting has given memory back to the host (see Machine).`,
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
  const plain = compileC('plain-loop');
  const populate = compileC('populate');
  const paths = compileC('populate-paths');
  const B = String(BLOCK);
  const T = String(TOTAL);

  const cg = createMemcg('fault-in', LIMIT);
  try {
    log('fault-in: inside timing');
    // Each timed run follows an untimed run of the same program, so each meets the memory state its
    // own kind of fill leaves behind (see the notes on warm and cold memory).
    const warm = (fn) => async () => {
      await fn();
      return fn();
    };
    const plainRows = await interleave(
      [
        { name: 'a', fn: warm(() => cFill(cg, [plain, B, T])) },
        { name: 'hog-memset', fn: warm(() => hogFill(cg, 'memset', 'malloc')) },
        { name: 'hog-pages', fn: warm(() => hogFill(cg, 'pages', 'malloc')) },
      ],
      rounds,
      { log, shuffle: 7 },
    );
    const fastSeen = [];
    const fastRows = await interleave(
      [
        { name: 'b', fn: warm(() => cFill(cg, [populate, 'single', B, T])) },
        { name: 'hog-fast', fn: async () => {
          await hogFill(cg, 'pages', 'populate');
          return hogFill(cg, 'pages', 'populate', HOG, fastSeen);
        } },
        { name: 'b-blocks', fn: warm(() => cFill(cg, [populate, 'blocks', B, T])) },
        { name: 'hog-fast-memset', fn: warm(() => hogFill(cg, 'memset', 'populate')) },
        { name: 'b-thp', fn: warm(() => cFill(cg, [populate, 'thp', B, T])) },
        ...(BEFORE
          ? [
              { name: 'before-fast', fn: warm(() => hogFill(cg, 'pages', 'populate', BEFORE)) },
            ]
          : []),
      ],
      fastRounds,
      { log, shuffle: 7 },
    );
    const inside = { ...plainRows, ...fastRows };
    section.fastSeen = fastSeen;
    const A = '(a) C malloc+memset';
    const Bref = '(b) mmap 1 GiB MAP_POPULATE';
    section.rows.push(
      { label: A, samples: inside.a, unit: 'GiB/s', isRef: true },
      {
        label: 'hog `--touch memset`', samples: inside['hog-memset'], unit: 'GiB/s', ref: A, target: { op: '>=', ratio: 0.95 },
        why: 'see the notes below',
      },
      {
        label: 'hog `--touch pages`', samples: inside['hog-pages'], unit: 'GiB/s', ref: A, target: { op: '>=', ratio: 0.95 },
        why: 'see the notes below',
      },
      { label: Bref, samples: inside.b, unit: 'GiB/s', isRef: true },
      { label: '(b) mmap MAP_POPULATE per 1 MiB block', samples: inside['b-blocks'], unit: 'GiB/s', ref: Bref },
      {
        label: 'hog fast: `--allocator populate --touch pages`', samples: inside['hog-fast'], unit: 'GiB/s', ref: Bref,
        target: { op: '>=', ratio: 0.9 }, why: 'see the notes below',
      },
      { label: 'hog `--allocator populate --touch memset`', samples: inside['hog-fast-memset'], unit: 'GiB/s', ref: Bref },
      { label: '(b, THP) 2 MiB-aligned mmap 1 GiB, MADV_HUGEPAGE + MADV_POPULATE_WRITE', samples: inside['b-thp'], unit: 'GiB/s', ref: Bref },
    );
    // The small-page path's own cost, measured in one process so all three ways meet the same memory.
    log('fault-in: the small-page path in one process (bench/c/populate-paths.c)');
    const pathRuns = await runTracked(HOG, ['--cgroup-procs', cg.procs, '--exec', '--', paths, String(fastRounds)]);
    const way = JSON.parse(pathRuns.stdout.trim().split('\n').pop());
    const P = 'one process: (b) mmap 1 GiB MAP_POPULATE';
    section.rows.push(
      { label: P, samples: way.single, unit: 'GiB/s', isRef: true },
      { label: 'one process: mmap MAP_POPULATE per 1 MiB block', samples: way.blocks, unit: 'GiB/s', ref: P },
      { label: 'one process: the fast fill\'s small-page path until 2026-12-03 (2 MiB chunks, MADV_NOHUGEPAGE, MADV_POPULATE_WRITE per 1 MiB block)', samples: way.chunks2, unit: 'GiB/s', ref: P },
      { label: 'one process: the fast fill\'s small-page path now (chunks growing to 16 MiB)', samples: way.chunks, unit: 'GiB/s', ref: P },
    );
    if (BEFORE) {
      section.rows.push(
        { label: `before: hog fast, ${BEFORE_LABEL}`, samples: inside['before-fast'], unit: 'GiB/s', ref: Bref, target: { op: '>=', ratio: 0.9 }, why: 'the engine before the change' },
      );
    }
    log(`fault-in: cold (each run after ${COLD_IDLE_MS} ms idle)`);
    const idle = (fn) => async () => {
      await new Promise((r) => setTimeout(r, COLD_IDLE_MS));
      return fn();
    };
    const coldSeen = [];
    const coldFast = await interleave(
      [
        { name: 'b', fn: idle(() => cFill(cg, [populate, 'single', B, T])) },
        { name: 'hog-fast', fn: idle(() => hogFill(cg, 'pages', 'populate', HOG, coldSeen)) },
        { name: 'b-thp', fn: idle(() => cFill(cg, [populate, 'thp', B, T])) },
        ...(BEFORE ? [{ name: 'before-fast', fn: idle(() => hogFill(cg, 'pages', 'populate', BEFORE)) }] : []),
      ],
      coldRounds,
      { log, shuffle: 7 },
    );
    const coldPlain = await interleave(
      [
        { name: 'hog-memset', fn: idle(() => hogFill(cg, 'memset', 'malloc')) },
        { name: 'a', fn: idle(() => cFill(cg, [plain, B, T])) },
      ],
      Math.min(rounds, 3),
      { log, shuffle: 7 },
    );
    const cold = { ...coldFast, ...coldPlain };
    section.coldSeen = coldSeen;
    const BC = `cold (b) mmap 1 GiB MAP_POPULATE`;
    const AC = `cold (a) C malloc+memset`;
    section.rows.push(
      { label: BC, samples: cold.b, unit: 'GiB/s', isRef: true },
      // No target here: which memory a cold run meets (see the notes) decides its figure, not the program.
      { label: 'cold hog fast', samples: cold['hog-fast'], unit: 'GiB/s', ref: BC },
      { label: 'cold (b, THP)', samples: cold['b-thp'], unit: 'GiB/s', ref: BC },
      { label: AC, samples: cold.a, unit: 'GiB/s', isRef: true },
      { label: 'cold hog `--touch memset`', samples: cold['hog-memset'], unit: 'GiB/s', ref: AC, target: { op: '>=', ratio: 0.95 }, why: 'see the notes below' },
    );
    if (BEFORE) section.rows.push({ label: `cold before: hog fast, ${BEFORE_LABEL}`, samples: cold['before-fast'], unit: 'GiB/s', ref: BC });
  } finally {
    cg.destroySync();
  }

  if (!hasCommand('stress-ng')) {
    section.skipped.push('(c) stress-ng: not installed; install it with `apt-get install stress-ng` (Debian package) and run the bench again.');
    explain(section);
    return section;
  }
  log('fault-in: outside timing (cgroup usage polled), vs stress-ng');
  const hogArgs = async (touch, allocator) => [HOG, ...(await hogArgv({ block: BLOCK, total: TOTAL, interval: '0', touch, allocator, after: 'hold', hold: '60s' }))];
  const stress = ['stress-ng', '--vm', '1', '--vm-bytes', '1G', '--vm-keep', '--timeout', '60s', '--quiet'];
  // As in the inside rows, each timed run follows an untimed run of the same program, so each meets
  // the memory its own kind of fill leaves behind, not whatever the previous program freed (back to
  // back, the same fill measured 1.4 to 12 GiB/s on the machine of 2026-12-03).
  const waits = { 'stress-ng': [], 'hog-fast': [] };
  const warmPolled = (name, argv) => async () => {
    await polledFill(name, argv, 30_000);
    return polledFill(name, argv, 30_000, waits[name]);
  };
  const outside = await interleave(
    [
      { name: 'stress-ng', fn: warmPolled('stress-ng', stress) },
      { name: 'hog-fast', fn: warmPolled('hog-fast', await hogArgs('pages', 'populate')) },
      { name: 'stress-ng-populate', fn: warmPolled('stress-ng-populate', [...stress, '--vm-populate']) },
      { name: 'hog-memset', fn: warmPolled('hog-memset', await hogArgs('memset', 'malloc')) },
    ],
    polledRounds,
    { log, shuffle: 7 },
  );
  const C = '(c) `stress-ng --vm 1 --vm-bytes 1G --vm-keep`, polled';
  const C2 = '(c) the same with `--vm-populate`, polled';
  section.rows.push(
    { label: C, samples: outside['stress-ng'], unit: 'GiB/s', isRef: true },
    { label: C2, samples: outside['stress-ng-populate'], unit: 'GiB/s', ref: C },
    {
      label: 'hog fast (`--allocator populate --touch pages`), polled', samples: outside['hog-fast'], unit: 'GiB/s', ref: C,
      target: { op: '>=', ratio: 1.0, text: 'ahead of (c): > 1x' }, why: 'see the notes below',
    },
    { label: 'hog fast, polled, against stress-ng `--vm-populate`', samples: outside['hog-fast'], unit: 'GiB/s', ref: C2 },
    { label: 'hog `--touch memset`, polled', samples: outside['hog-memset'], unit: 'GiB/s', ref: C },
    // The same runs seen as a user sees them: from spawn until 90% of 1 GiB is charged (start-up
    // included; lower is better). Information, not the target, which is the fill rate above.
    { label: '(c) stress-ng: spawn to 90% of 1 GiB charged', samples: waits['stress-ng'], unit: 'ms', isRef: true },
    { label: 'hog fast: spawn to 90% of 1 GiB charged', samples: waits['hog-fast'], unit: 'ms', ref: '(c) stress-ng: spawn to 90% of 1 GiB charged' },
  );
  explain(section);
  return section;
}

/** The fast fill's page-kind counters over the inside runs, as a sentence. */
function seenText(section) {
  const part = (seen, what) => {
    if (!seen?.length) return '';
    const share = summarize(seen.map((x) => x.hugeShare * 100));
    const probes = summarize(seen.map((x) => x.probes));
    return `${what}: a median ${fmt(share.median, 2)}% of the 1 GiB in huge-page chunks (${fmt(share.min, 2)} to ${fmt(share.max, 2)}%), ${fmt(probes.median, 2)} probes (${probes.min} to ${probes.max})`;
  };
  const parts = [part(section.fastSeen, 'warm rows'), part(section.coldSeen, 'cold rows')].filter(Boolean);
  return parts.length ? `In this run (the hog reports both as \`hugeTouchedBytes\` and \`probes\`), ${parts.join('; ')}. ` : '';
}

/** The per-round ratios of a row to its reference (rows run in the same rounds), for a note. */
function fmtRatios(r, ref) {
  if (!r || !ref) return 'n/a';
  return r.samples.map((v, i) => `${fmt(v / ref.samples[i])}x`).join(', ');
}

/** What the figures mean: why targets are met or missed, and what the engine change did. */
function explain(section) {
  const row = (prefix) => section.rows.find((r) => r.label.startsWith(prefix));
  const med = (prefix) => {
    const r = row(prefix);
    return r ? summarize(r.samples).median : NaN;
  };
  const ratio = (prefix, refPrefix) => {
    const r = row(prefix);
    const ref = row(refPrefix);
    return r && ref ? ratioOf(r.samples, ref.samples) : NaN;
  };
  const x = (v) => `${fmt(v)}x`;
  const notes = [];
  notes.push(
    `**Plain hog against (a)** (${x(ratio('hog `--touch memset`', '(a)'))} with memset, ${x(ratio('hog `--touch pages`', '(a)'))} with pages): ` +
      'the hog does what the C loop does. glibc serves a 1 MiB malloc with an mmap of its own (above the 128 KiB mmap threshold), and the first write to each 4 KiB page faults it in; ' +
      'the fault and the kernel zeroing the page are the cost. The hog\'s per-block extras (a vDSO clock_gettime for the progress tick, the stop-flag poll, memset through a volatile function pointer, ' +
      'one pointer-array store; the array grows by doubling from 4096 entries, so once for 1 GiB) come to well under a millisecond per GiB, below the noise. ' +
      '`--touch pages` writes one byte per page instead of the whole block, so the kernel\'s zeroing is the only pass over the memory: it is ahead of (a) by what memset\'s own pass costs next to the fault, which on a machine where the fault dominates is nothing. ' +
      'Where a plain-hog row shows a miss, look at its spread: the two make the same system calls in the same order (one mmap of 1 MiB + 4 KiB per block, then the faults), so a gap of a few percent is this machine\'s noise, not the hog.',
  );
  notes.push(
    '**The `fast` fill, before and after.** Before, `--allocator populate` mapped each 1 MiB block on its own and advised MADV_HUGEPAGE, but a 1 MiB mapping can never contain an aligned 2 MiB huge page, ' +
      'so the advice did nothing: MADV_POPULATE_WRITE faulted 256 small pages per block, the same work as (b) plus 1024 syscalls (about 0.9x of (b), measured before the change). ' +
      'Now (native/engine.c) the populate allocator carves blocks out of 2 MiB-aligned chunks (each mapped just below the previous one, so the kernel merges neighbours with the same advice into one VMA), ' +
      'so transparent huge pages can back 1 MiB blocks too: one fault and one 2 MiB clear per two blocks. Each block is still released with munmap of its own bytes, and the counters are unchanged; ' +
      'RSS can run ahead of `touchedBytes` by at most one huge page minus a block. ' +
      'Because huge pages are not always the faster kind (next note), the fill times its touches per kind of chunk (MADV_HUGEPAGE / MADV_NOHUGEPAGE): ' +
      'its first two chunks try one of each, then each new chunk gets the kind with the better recent ns per byte, and now and then one 2 MiB chunk tries the other kind again (a probe). ' +
      'Probes are paced by what they cost: after one, the next waits until the chosen kind has filled for 64 times the extra cost of a chunk of the slower kind, so probing takes at most about 1/64 of the fill time after the first two chunks, however slow the losing kind is, ' +
      'and a kind that loses by little is tried again soon; when the history itself switches kind (one slow chunk can be a hiccup), the old kind is tried again after a few chunks. ' +
      'While small pages keep winning, their chunks grow to 16 MiB (fewer mmap and madvise calls). ' +
      'Until 2026-12-03 the first six chunks alternated and one chunk in 64 was a probe, in 2 MiB chunks: per-block traces (a build that logged each block\'s touch time) showed those re-probes meeting cold huge pages at ~4.3 ms per 2 MiB against ~0.24 ms for small pages, ' +
      'up to ~30 ms of a ~180 ms fill. ' +
      (row('before: hog fast')
        ? `The rows marked *before* run a build of that earlier engine (${row('before: hog fast').label.replace('before: hog fast, ', '')}) in the same rounds: ` +
          `${x(ratio('before: hog fast', '(b) mmap 1 GiB'))} of (b) where the fast fill now is ${x(ratio('hog fast: `--allocator populate', '(b) mmap 1 GiB'))}, ` +
          `and cold ${x(ratio('cold before: hog fast', 'cold (b) mmap'))} of cold (b) where it now is ${x(ratio('cold hog fast', 'cold (b) mmap'))}. `
        : '') +
      seenText(section) +
      'An intermediate version that always advised MADV_HUGEPAGE was measured once with this bench (7 rounds, 2026-11-28): warm 5.49 GiB/s, 3.94x of (b); ' +
      'cold 0.241 GiB/s, 0.28x of cold (b); polled 0.53x of stress-ng. Hence the adaptive choice.',
  );
  const pathOld = ratio('one process: the fast fill\'s small-page path until', 'one process: (b)');
  const pathNew = ratio('one process: the fast fill\'s small-page path now', 'one process: (b)');
  if (Number.isFinite(pathNew)) {
    notes.push(
      `**The fast fill's floor: its small-page path.** Where huge pages are slow, the fast fill is made of small pages in 1 MiB blocks, and 1 MiB blocks cost system calls that one 1 GiB MAP_POPULATE does not. ` +
        `Measured in one process, interleaved, so all ways meet the same memory (bench/c/populate-paths.c, rows "one process"): MAP_POPULATE per 1 MiB block ${x(ratio('one process: mmap MAP_POPULATE per', 'one process: (b)'))} of one 1 GiB MAP_POPULATE; ` +
        `the fast fill's small-page path ${x(pathOld)} with 2 MiB chunks (until 2026-12-03) and ${x(pathNew)} with chunks growing to 16 MiB (now). ` +
        'So with huge pages slow the fast fill sits at about that ratio of (b), less its first huge-page chunk (on cold memory ~4 ms, ~3% of a 1 GiB fill) and its paced probes; it is above (b) by the huge pages it finds fast.',
    );
  }
  const thp = med('(b, THP)');
  const coldFast = med('cold hog fast');
  const coldB = med('cold (b) mmap');
  const coldThp = med('cold (b, THP)');
  if (Number.isFinite(coldFast)) {
    notes.push(
      `**Warm and cold memory on this machine.** Huge pages fill at ${x(ratio('(b, THP)', '(b) mmap 1 GiB'))} the 4 KiB MAP_POPULATE limit (b) when the memory was freed a moment ago (${fmt(thp)} GiB/s), ` +
        `but after a few idle seconds they are many times slower than 4 KiB pages (cold (b, THP) ${fmt(coldThp)} GiB/s against ${fmt(coldB)} GiB/s for (b)). ` +
        'This VM hands free 2 MiB blocks back to its host (free page reporting, see Machine), and memory handed back must be faulted in by the host again (our reading: the host side cannot be seen from the guest). ' +
        'Per-block traces of the fast fill (2026-12-03: 12 runs right after another fill, 6 after 4 s idle) show how much of a fill is warm, and that it varies: right after another fill huge pages were fast (~0.1 ms per 2 MiB) for the first 80 to 410 MiB, then ~4.3 ms per 2 MiB, while small pages stayed at ~0.12 ms per MiB throughout; ' +
        'after 4 s idle huge pages were slow from the first chunks on, and small pages fast for the first 790 to 1010 MiB and then slow too (~2.4 ms per MiB, against ~4.4 ms per 2 MiB for huge pages, which were then the faster kind). ' +
        'How much warm memory a run meets depends on what ran before it and how long ago, so every kernel-side row spreads widely from run to run, (b) included; hence their 11 rounds and per-round ratios. ' +
        'Huge pages in particular are fast mostly after a fill that freed huge pages: with the fixed order this bench used until 2026-12-03, the engine-before-the-change row always ran right after (b, THP) and filled at 15.9 GiB/s (14.4 to 17.2, 11 rounds); ' +
        'run right after (b) instead (5 rounds, outside the bench), it filled at 6.22 GiB/s (5.67 to 7.12) and the current engine at 7.28 GiB/s. Hence the shuffled order. ' +
        'On a machine without free page reporting (bare metal, most servers) huge pages are simply faster and the adaptive fill keeps them. ' +
        `Cold, the fast fill is at ${x(ratio('cold hog fast', 'cold (b) mmap'))} of cold (b) in this run, with per-round ratios of ${fmtRatios(row('cold hog fast'), row('cold (b) mmap'))}. ` +
        'The cold rows carry no target: after 4 s idle every way of filling is a lottery between memory the host still backs and memory it must fault in again. ' +
        'A C probe (2026-12-03: `bench/c/populate-paths.c 1 <way>`, one way per process in a 1.5 GiB memory cgroup, 4 s idle before each, 5 rounds) filled at 2.3 to 7.8 GiB/s with one 1 GiB MAP_POPULATE, 3.3 to 7.7 with MAP_POPULATE per block, 2.3 to 7.7 and 2.2 to 7.5 with the two small-page paths: ' +
        'no way was steadily ahead, and in the bench runs of that day the fast fill\'s cold ratio to cold (b) was 0.457x, 1.62x, 0.997x and 0.459x as the engine was being changed.',
    );
  }
  if (row('(c) `stress-ng')) {
    notes.push(
      '**stress-ng.** Its default `--vm-method all` does not simply fill: each method sweeps the whole buffer with its own pattern and verifies it, and unless `--vm-madvise` is given it applies a *random* madvise advice to its buffer ' +
        '(sometimes `hugepage`), which is why its figures spread so widely. It maps the whole buffer with one mmap and advises it (MADV_WILLNEED, MADV_POPULATE_READ: seen with strace); `--vm-populate` adds MAP_POPULATE. ' +
        'The polled rows have warm-up runs too: without them (until 2026-12-03) each met whatever memory the previous program had freed, and the same fill spread from 1.4 to 12 GiB/s.',
    );
    const polled = ratio('hog fast (`--allocator populate --touch pages`), polled', '(c) `stress-ng --vm 1');
    const pathNow = ratio('one process: the fast fill\'s small-page path now', 'one process: (b)');
    notes.push(
      `**The fast fill against stress-ng, polled** (${x(polled)} in this run; 1.44x, 1.02x, 0.988x, 0.964x and 0.904x in the five runs of 2026-12-03 before this one, as the engine and this bench were being changed): ` +
        'both fill small pages in the kernel here. stress-ng makes one MADV_POPULATE_READ call for its whole buffer (on this kernel that allocates real pages, see benchmark 2), at the machine\'s 4 KiB rate, like (b); ' +
        `the fast fill makes one MADV_POPULATE_WRITE call per 1 MiB block, its small-page floor (${x(pathNow)} of one call in the one-process rows), because in these runs huge pages are slow for it ` +
        `(its polled rate, ${fmt(med('hog fast (\`--allocator populate --touch pages\`), polled'))} GiB/s, is that floor's; our reading: each polled run follows its own warm-up run, which freed small pages, and huge pages are fast here mostly right after huge pages were freed, see above). ` +
        'So the two are level within this machine\'s noise, and "ahead of (c)" holds only in runs where the fast fill finds fast huge pages (the inside rows, where it did in most rounds, are ' +
        `${x(ratio('hog fast: `--allocator populate', '(b) mmap 1 GiB'))} of (b)). ` +
        'What would close the floor\'s gap: populating a whole chunk (up to 16 MiB) in one call, so that RSS would run up to one chunk ahead of the blocks counted as touched; that would make the two level, not put the fast fill clearly ahead. ' +
        'Clearly ahead needs huge pages that are fast, as they are on a machine without free page reporting (bare metal, most servers; here the (b, THP) row shows it when warm). ' +
        `Counted from spawn, as a user waits for it, the fast fill has 90% of 1 GiB charged after ${fmt(med('hog fast: spawn to 90%'))} ms against stress-ng's ${fmt(med('(c) stress-ng: spawn to 90%'))} ms ` +
        `(${x(ratio('hog fast: spawn to 90%', '(c) stress-ng: spawn to 90%'))}, start-up included; benchmark 2 measures the same to an OOM kill).`,
    );
  }
  section.notes.push(...notes);
}

await runAlone(import.meta.url, run);

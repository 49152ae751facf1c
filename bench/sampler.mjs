// Sampler cost (issue 7, item 3): N untouched hogs holding, sampled every 10 ms for 10 s.
// Targets: harness CPU <= 10% of one core, achieved interval p99 <= 2x the interval, harness peak
// RSS <= 150 MiB.
//
//   node bench/sampler.mjs [--n 200] [--interval 10] [--duration 10000] [--detail 32] [--backoff 100] [--rounds 3] [--json]
//
// Three variants, interleaved round by round against the same participants:
//   - js strict:   the JavaScript sampler reading every pid's statm every tick (idleBackoffMs 0);
//   - js back-off: the same with the idle back-off (`--backoff`, default 100 ms: an unchanged pid is
//                  read every 2nd, 4th, ... tick, at most that far apart), the sampler's default;
//   - native:      Sampler({ strict: true }) (the native backend): a thread in the addon reads every pid
//                  every tick, stat and status in rotation, and JavaScript drains it every 50 ms;
//   - native, drained each tick: the same with drainMs = the interval, as `oomlab run` with
//                  `run.sampleStrict` drives it (its run loop wakes every interval anyway).
// Each run is a fresh Node process (this file with --child), so its CPU (all its threads, over the
// sampling window only) and its peak RSS are its own and nothing carries over between variants.
// The participants are `oomlab-hog --touch none` holding 8 MiB each, inside one memory cgroup
// (cgroup v1, as bench/time-to-oom.mjs makes them), started once for all runs.
//
// Needs `npx tsc -p tsconfig.build.json` and the native build first (imports ../dist).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HOG, MiB, compileC, createMemcg, exited, fmt, hogArgv, memcgSkipReason, renderSection, spawnTracked, summarize } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const HOLD_BYTES = 8 * MiB;

const VARIANTS = [
  { name: 'js-strict', label: 'JS sampler, strict (backoff 0)', options: () => ({ idleBackoffMs: 0 }) },
  { name: 'js-backoff', label: 'JS sampler, idle back-off', options: (o) => ({ idleBackoffMs: o.idleBackoffMs }) },
  { name: 'native', label: 'native sampling thread (strict)', options: () => ({ strict: true }) },
  { name: 'native-tick', label: 'native, drained each tick', options: (o) => ({ strict: true, drainMs: o.intervalMs }) },
  // The machine's reference: a C loop that only reads every pid's statm every tick (no Node, no records).
  { name: 'plain-c', label: "plain C statm loop (bench/c/statm-loop.c: the machine's reference)", plain: true },
];

/** Start `n` untouched hogs holding 8 MiB each, in `cg` when given, into `hogs`; resolves with their pids once all hold. */
async function startHogs(n, cg, hogs) {
  const pids = [];
  const args = await hogArgv({ block: MiB, total: HOLD_BYTES, touch: 'none', interval: '0', after: 'hold' }, { setup: { cgroupProcs: cg ? [cg.procs] : [] } });
  for (let i = 0; i < n; i++) {
    const p = spawnTracked(HOG, args, { stdio: 'ignore', cwd: '/tmp' });
    p.done.catch(() => {});
    hogs.push(p.child);
    pids.push(p.child.pid);
  }
  // Holding: its VSZ has the whole allocation. Poll /proc, bounded.
  const end = Date.now() + 20_000;
  for (;;) {
    const holding = pids.filter((pid) => !exited(pid) && vszOf(pid) >= HOLD_BYTES).length;
    if (holding === n) return pids;
    if (Date.now() > end) throw new Error(`only ${holding} of ${n} hogs reached their hold`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function vszOf(pid) {
  try {
    return Number(readStatm(pid).split(' ')[0]) * 4096;
  } catch {
    return 0;
  }
}

function readStatm(pid) {
  return readFileSync(`/proc/${pid}/statm`, 'latin1');
}

/** One variant in a fresh Node process (tracked: killed if the bench dies); resolves with its figures. */
async function runChild(variant, pids, o) {
  if (variant.plain) {
    const r = await spawnTracked(compileC('statm-loop'), [String(o.intervalMs), String(o.durationMs), ...pids.map(String)]).done;
    if (r.code !== 0) throw new Error(`${variant.name}: exited ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 400)}`);
    const x = JSON.parse(r.stdout.trim().split('\n').at(-1));
    if (x.readErrors) throw new Error(`${variant.name}: ${x.readErrors} statm reads failed (a hog exited?)`);
    return { variant: variant.name, cpuPct: x.cpuPct, cpuUsPerTick: NaN, p50Ms: NaN, p99Ms: NaN, maxMs: NaN, peakRssMiB: NaN, threadCpuPct: NaN, missed: NaN, ticks: x.ticks, dropped: 0, pidsTracked: x.pids };
  }
  const args = [SELF, '--child', variant.name, '--pids', pids.join(','), '--interval', String(o.intervalMs), '--duration', String(o.durationMs), '--backoff', String(o.idleBackoffMs)];
  if (o.detailPerTick !== undefined) args.push('--detail', String(o.detailPerTick));
  const r = await spawnTracked(process.execPath, args).done;
  if (r.code !== 0) throw new Error(`${variant.name}: child exited ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 400)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/** The child: sample `pids` with one variant for durationMs and print its figures as one JSON line. */
async function child(variantName, pids, o) {
  const { Sampler } = await import('../dist/index.js');
  const variant = VARIANTS.find((v) => v.name === variantName);
  if (!variant) throw new Error(`unknown variant ${variantName}`);
  const sampler = new Sampler({ intervalMs: o.intervalMs, detailPerTick: o.detailPerTick ?? 32, ...variant.options(o) });
  try {
    // leaf: a hog starts no process, so `oomlab run` does no /proc tree scan for it (and neither does this)
    pids.forEach((pid, i) => sampler.addParticipant(`p${i}`, pid, true));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    sampler.start();
    await new Promise((r) => setTimeout(r, o.durationMs));
    sampler.stop(false);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const s = sampler.stats();
    const r = {
      variant: variantName,
      pidsTracked: s.pids,
      ticks: s.ticks,
      missed: s.missed,
      cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
      // Per tick actually run: on a loaded machine ticks are skipped, which lowers the share above.
      cpuUsPerTick: s.ticks ? (cpu.user + cpu.system) / s.ticks : NaN,
      threadCpuPct: s.nativeThreadCpuMs !== undefined ? (s.nativeThreadCpuMs / wallMs) * 100 : NaN,
      p50Ms: s.gaps.p50,
      p99Ms: s.gaps.p99,
      maxMs: s.gaps.max,
      tickMeanMs: s.tickMeanMs,
      peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
      dropped: s.nativeDropped ?? 0,
    };
    process.stdout.write(`${JSON.stringify(r)}\n`);
  } finally {
    sampler.close();
  }
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  const o = {
    n: opts.n ?? 200,
    intervalMs: opts.intervalMs ?? 10,
    durationMs: opts.durationMs ?? 10_000,
    detailPerTick: opts.detailPerTick,
    idleBackoffMs: opts.idleBackoffMs ?? 100,
  };
  const rounds = Number(process.env.OOMLAB_BENCH_ROUNDS ?? opts.rounds ?? 3);
  const section = {
    title: `3. Sampler cost (${o.n} untouched hogs holding, every ${o.intervalMs} ms for ${o.durationMs / 1000} s)`,
    method: [
      `${o.n} \`oomlab-hog --touch none\` participants, each holding ${HOLD_BYTES / MiB} MiB (malloc'ed, untouched), are sampled as ${o.n} participants every ${o.intervalMs} ms for ${o.durationMs / 1000} s.`,
      'Each run is a fresh Node process running the Sampler (with host sampling; without a /proc tree scan, as `oomlab run` samples hog participants since 2026-12-04: a hog starts no process), so its CPU over the sampling window (every thread: `process.cpuUsage`) and its peak RSS (`maxRSS`) are its own.',
      `Variants, interleaved A B C D E per round, ${rounds} rounds: **JS strict** reads every pid's statm every tick (\`idleBackoffMs: 0\`); **JS back-off** lets an unchanged pid be read less often, at most ${o.idleBackoffMs} ms apart (the default);`,
      "**native** is `Sampler({ strict: true })` (strict's default backend): a thread in the addon reads every pid's statm every tick (and stat and status in rotation and on change) on absolute deadlines, and the JS timer drains its records every 50 ms (`drainMs`), applying them tick by tick; **native, drained each tick** is the same with `drainMs` = the interval, as `oomlab run` does with `run.sampleStrict: true`.",
      "**plain C** (`bench/c/statm-loop.c`, built with `cc -O2`) is the machine's reference: a C program that only preads every pid's statm every tick on absolute deadlines (descriptors kept open, as the native thread does), with no records, no detail, no host files and no runtime: what reading every pid every tick costs here, whoever does it.",
      'Ratios are against JS strict in the same round, and for the native variants also against the plain C loop.',
      'The interval is the gap between tick starts: the JS timer\'s for the JS variants, the sampling thread\'s for native.',
    ].join(' '),
    rows: [],
    notes: [],
    skipped: [],
  };
  const skip = memcgSkipReason();
  if (skip) section.skipped.push(`the memory cgroup around the hogs: ${skip}; the hogs run without one (each holds only ${HOLD_BYTES / MiB} MiB)`);
  const cg = skip ? undefined : createMemcg('sampler', Math.max(256 * MiB, o.n * 4 * MiB));
  const results = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
  const loadStart = readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ');
  const hogs = [];
  try {
    const pids = await startHogs(o.n, cg, hogs);
    log(`  ${pids.length} hogs holding${cg ? ` in ${cg.dir}` : ''}`);
    for (let r = 0; r < rounds; r++) {
      for (const v of VARIANTS) {
        let x;
        try {
          x = await runChild(v, pids, o);
        } catch (err) {
          log(`  ${v.name}: ${err.message ?? err}`);
          x = { cpuPct: NaN, cpuUsPerTick: NaN, p50Ms: NaN, p99Ms: NaN, peakRssMiB: NaN, threadCpuPct: NaN, missed: NaN, ticks: NaN, dropped: NaN, pidsTracked: NaN };
        }
        results[v.name].push(x);
      }
      log(`  round ${r + 1}: ${VARIANTS.map((v) => { const x = results[v.name][r]; return `${v.name} cpu=${fmt(x.cpuPct)}% p50=${fmt(x.p50Ms)} p99=${fmt(x.p99Ms)} rss=${fmt(x.peakRssMiB)}`; }).join('  ')}`);
    }
    const bad = VARIANTS.filter((v) => results[v.name].some((x) => x.pidsTracked !== undefined && Number.isFinite(x.pidsTracked) && x.pidsTracked !== o.n));
    if (bad.length) section.notes.push(`Some runs tracked a different number of pids than ${o.n}: ${bad.map((v) => v.name).join(', ')} (a hog exited?).`);
  } finally {
    for (const h of hogs) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
    if (cg) cg.destroySync();
  }
  const loadEnd = readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ');
  const col = (name, key) => results[name].map((x) => x[key]);
  const refLabel = `${VARIANTS[0].label}: CPU`;
  const plain = VARIANTS.find((v) => v.plain);
  for (const v of VARIANTS) {
    if (v.plain) {
      section.rows.push({ label: `${v.label}: CPU`, samples: col(v.name, 'cpuPct'), unit: '% of a core', better: 'lower' });
      continue;
    }
    section.rows.push(
      { label: `${v.label}: CPU`, samples: col(v.name, 'cpuPct'), unit: '% of a core', better: 'lower', target: { op: '<=', value: 10 }, why: 'see the notes', ...(v === VARIANTS[0] ? {} : { ref: refLabel }) },
      { label: `${v.label}: CPU per tick run`, samples: col(v.name, 'cpuUsPerTick'), unit: 'µs', better: 'lower', ...(v === VARIANTS[0] ? {} : { ref: `${VARIANTS[0].label}: CPU per tick run` }) },
      { label: `${v.label}: interval p50`, samples: col(v.name, 'p50Ms'), unit: 'ms', better: 'lower' },
      { label: `${v.label}: interval p99`, samples: col(v.name, 'p99Ms'), unit: 'ms', better: 'lower', target: { op: '<=', value: 2 * o.intervalMs }, why: 'see the notes' },
      { label: `${v.label}: peak RSS`, samples: col(v.name, 'peakRssMiB'), unit: 'MiB', better: 'lower', target: { op: '<=', value: 150 } },
      ...(v.name.startsWith('native') ? [{ label: `${v.label}: CPU, against the plain C statm loop`, samples: col(v.name, 'cpuPct'), unit: '% of a core', better: 'lower', ref: `${plain.label}: CPU` }] : []),
    );
  }
  const med = (name, key) => summarize(col(name, key)).median;
  section.notes.push(
    `Load average (1, 5, 15 min): ${loadStart} at the start, ${loadEnd} at the end; absolute CPU shares grow with the load (cache and scheduler effects), the ratios much less.`,
    `Native: the sampling thread alone used ${fmt(med('native', 'threadCpuPct'))}% of a core of the ${fmt(med('native', 'cpuPct'))}% (drained every 50 ms), and ${fmt(med('native-tick', 'threadCpuPct'))}% of the ${fmt(med('native-tick', 'cpuPct'))}% drained each tick; the rest is the event loop: draining, the tree scan, the host files, timers and V8's own threads. The plain C loop used ${fmt(med('plain-c', 'cpuPct'))}% in the same rounds: the thread alone is ${fmt(med('native', 'threadCpuPct') / med('plain-c', 'cpuPct'))}x of it.`,
    `Deadlines skipped (a tick overran), median per run: JS strict ${fmt(med('js-strict', 'missed'))}, JS back-off ${fmt(med('js-backoff', 'missed'))}, native ${fmt(med('native', 'missed'))}, native drained each tick ${fmt(med('native-tick', 'missed'))}; records the native ring dropped: ${fmt(med('native', 'dropped'))}, ${fmt(med('native-tick', 'dropped'))}.`,
    'A JS tick runs on the event loop, so any other work there (the runner, a GC pause, a live view) delays it; the native thread keeps its schedule unless the machine itself has no CPU for it.',
    'JS back-off is what `oomlab run` uses (Sampler\'s default): a pid whose statm changed is read again on the next tick, so a participant whose memory moves is sampled every 10 ms; one whose reading has not changed is re-read at least every 100 ms (its unchanged reading would add no row to the series). Strict reads every pid every tick.',
    'Where strict\'s time goes (measured 2026-12-04 16:00 UTC, issue 16, at load 10 to 28, with per-thread CPU from /proc/<pid>/task/<tid>/stat, `perf record` and `node --cpu-prof`): before the change, a native run used 15.9% of a core: the sampling thread 8.3%, the main thread 5.5%, V8\'s helper threads about 2%. In the thread, 20,000 statm preads a second (one syscall each: the descriptor stays open and pread at offset 0 regenerates the text): about 35% of its samples are the syscall return path of this paravirtualised guest (`pvm_irq_enable`, PTI), the rest proc_single_show, get_pid_task, fdget, the seq_file mutex and number formatting; 2 to 4 µs a read, the floor for a strict sampler here. In the main thread (cpu profile, 100 wake-ups a second): the detail pass\'s stat reads 1.1%, the tree scan (readdir of /proc) 1.0%, timers and draining 0.5%, GC 1.0%. The change: the thread also reads stat with status in its rotation (faults, CPU, state; a comm change is flagged and only then read from JavaScript), and JavaScript drains every 50 ms, applying the records tick by tick (one series row per thread tick, as before) without allocating: the main thread fell to about 2% of a core. Batching the statm reads into one io_uring submission was measured too (a C test, 200 pids every 10 ms): 3.4 against 3.7 µs a read, the reads being punted to an io-wq worker thread; not worth a second mechanism.',
    'The plain C loop (2026-12-06): what reading 200 statm files every 10 ms costs here with nothing else; the native variants\' ratio to it is what oomlab adds (the thread\'s records, the rotation\'s stat and status reads, the JavaScript drain, the host files, V8). Measured that morning with per-thread CPU from /proc/<pid>/task/<tid>/schedstat (30 s of `Sampler({ strict: true })` on 200 sleeping processes): the sampling thread 7.7%, the main thread 1.0% (22 wake-ups a second, 0.46 ms each, about half of it JavaScript: the host files 0.1 ms, the drain 0.03 ms), V8\'s helper threads 0.5%; `perf record` of the thread: 97% of its samples in the kernel\'s read path (a getppid costs 1.1 µs on this guest). A C loop reading one statm file in a loop takes 1.8 µs a read, 200 different ones every 10 ms 2.9 to 3.5 µs (cold caches between ticks).',
    'What is left, if every pid must be read every tick: the statm reads themselves (the thread\'s share above); the cgroup\'s own counters (memory.current, memory.stat) read every tick with the pids only on change is what back-off does, at a fraction of the cost.',
  );
  section.figures = results;
  return section;
}

function flag(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : undefined;
}

if (process.argv[1] === SELF) {
  const argv = process.argv.slice(2);
  const o = { n: flag(argv, '--n'), intervalMs: flag(argv, '--interval'), durationMs: flag(argv, '--duration'), detailPerTick: flag(argv, '--detail'), idleBackoffMs: flag(argv, '--backoff'), rounds: flag(argv, '--rounds') };
  const childAt = argv.indexOf('--child');
  if (childAt >= 0) {
    const pids = (argv[argv.indexOf('--pids') + 1] ?? '').split(',').filter(Boolean).map(Number);
    await child(argv[childAt + 1], pids, { intervalMs: o.intervalMs ?? 10, durationMs: o.durationMs ?? 10_000, detailPerTick: o.detailPerTick, idleBackoffMs: o.idleBackoffMs ?? 100 });
  } else {
    const section = await run({ ...Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)), log: (m) => console.error(m) });
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(section.figures)}\n`);
    else console.log(renderSection(section));
  }
}

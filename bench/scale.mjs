// Benchmark 5 (issue 7): scale. One run with 500 hog participants in one memory cgroup completes,
// records every outcome and cleans up everything; setup and teardown time per participant.
//
//   node bench/scale.mjs            (OOMLAB_BENCH_SCALE_ROUNDS=3, OOMLAB_BENCH_SCALE_COUNT=500)
//
// Needs root, a cgroup-v1 memory controller and the built library (`npx tsc -p tsconfig.build.json`).
//
// Each round is one real run through the library (runScenario, in this process): one participant
// with `count: 500`, each copy a hog that touches 256 KiB and then holds until it is stopped, in one
// 512 MiB cgroup without swap; stopped through RunOptions.signal 1 s after all are in, so the
// harness's own teardown stops all 500.
// The times are taken by this process on CLOCK_MONOTONIC:
//   - start: just before runScenario is called;
//   - a watcher thread (its own event loop, so the harness's cannot delay it) reads the run cgroup's
//     cgroup.procs every 2 ms: the cgroup made, the first and the 500th process inside (each hog joins
//     its cgroup itself, in oomlab-hog's set-up, before its engine runs), and after the stop the last
//     process gone and the cgroup directory removed;
//   - spawned: the harness's first onTick (it spawns every due participant, then calls onTick);
//   - stop: the harness's last onTick (its loop ends in the same turn and teardown begins);
//   - resolved: runScenario's promise settled (the cgroup is destroyed before it does).
// Afterwards: 500 participant results, each with an outcome and a pid, 500 onOutcome notices, no
// cgroup of this process left, and none of the 500 pids still an oomlab-hog.
import { readFileSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fmt, importLibrary, memcgSkipReason, ownMemcgV1Dir, runAlone, summarize } from './lib.mjs';

const LIMIT = '512M';

const WATCH_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const nap = new Int32Array(new SharedArrayBuffer(4));
const stop = new Int32Array(workerData.stop);
const t = {};
let dir, peak = 0;
parentPort.postMessage('ready');
const deadline = process.hrtime.bigint() + 300_000_000_000n;
while (!Atomics.load(stop, 0) && process.hrtime.bigint() < deadline) {
  const now = process.hrtime.bigint();
  try {
    if (!dir) {
      const d = fs.readdirSync(workerData.parent).find((n) => n.startsWith('oomlab-') && n.includes('-p' + workerData.pid + '-'));
      if (d) { dir = workerData.parent + '/' + d; t.cgroupMade = now; }
    } else {
      let n = -1;
      try {
        const text = fs.readFileSync(dir + '/cgroup.procs', 'utf8');
        n = text ? text.split('\\n').filter(Boolean).length : 0;
      } catch {
        if (!fs.existsSync(dir)) { t.cgroupGone = now; t.empty ??= now; break; }
      }
      if (n > peak) peak = n;
      if (n >= 1) t.first ??= now;
      if (n >= workerData.count && t.all === undefined) { t.all = now; parentPort.postMessage('all'); }
      if (n === 0 && t.first !== undefined) t.empty ??= now;
      if (n > 0) t.empty = undefined;
    }
  } catch {}
  Atomics.wait(nap, 0, 0, 2);
}
parentPort.postMessage({ t, peak, dir });
`;

function startWatcher(count, onAll) {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(WATCH_SRC, { eval: true, workerData: { parent: ownMemcgV1Dir(), pid: process.pid, count, stop } });
  let ready;
  const done = new Promise((resolve, reject) => {
    ready = new Promise((r) => worker.on('message', (m) => (m === 'ready' ? r() : m === 'all' ? onAll() : resolve(m))));
    worker.once('error', reject);
  });
  return {
    ready,
    /** Waits (up to timeoutMs) for the watcher to see the cgroup gone, then stops it. */
    async finish(timeoutMs = 2000) {
      const timer = setTimeout(() => Atomics.store(new Int32Array(stop), 0, 1), timeoutMs);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
        await worker.terminate();
      }
    },
  };
}

/** Pids among `pids` that are still an oomlab-hog process. */
function liveHogs(pids) {
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'oomlab-hog';
    } catch {
      return false;
    }
  });
}

/** Every oomlab-hog on the machine whose parent is this process (should be none between runs). */
function myHogChildren() {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'oomlab-hog') continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

function leftoverCgroups() {
  const dir = ownMemcgV1Dir();
  return dir ? readdirSync(dir).filter((n) => n.startsWith('oomlab-') && n.includes(`-p${process.pid}-`)) : [];
}

/** One run of `count` hogs. Returns the figures of the round (times in ms) and what was checked. */
async function scaleRound(lib, count, signal) {
  // The run is stopped through its AbortSignal 1 s after all are in (the same teardown as the end of
  // its duration), so a slow start cannot eat into the time they all run together.
  const stop = new AbortController();
  const onOuter = () => stop.abort();
  signal.addEventListener('abort', onOuter);
  let stopTimer;
  const watcher = startWatcher(count, () => (stopTimer = setTimeout(() => stop.abort(), 1000)));
  await watcher.ready;
  const notices = new Map();
  let firstTickNs;
  let lastTickNs;
  let maxTickGapNs = 0n;
  let result;
  let error;
  const t0 = process.hrtime.bigint();
  try {
    result = await lib.runScenario(
      lib.defineScenario({
        name: 'bench-scale',
        cgroup: { memory: LIMIT, swap: 0 },
        participants: [{ name: 'hog', count, hog: { block: '64K', total: '256K', touch: 'memset', interval: 0 } }],
        run: { duration: '120s', until: 'duration', sample: '50ms' },
      }),
      {
        signal: stop.signal,
        onTick: () => {
          const t = process.hrtime.bigint();
          if (lastTickNs !== undefined && t - lastTickNs > maxTickGapNs) maxTickGapNs = t - lastTickNs;
          lastTickNs = t;
          firstTickNs ??= t;
        },
        onOutcome: (n) => notices.set(n.name, n.outcome),
      },
    );
  } catch (err) {
    error = err;
  }
  const resolvedNs = process.hrtime.bigint();
  clearTimeout(stopTimer);
  signal.removeEventListener('abort', onOuter);
  const seen = await watcher.finish();
  if (error) throw error;
  const ms = (ns) => (ns === undefined ? NaN : Number(ns - t0) / 1e6);
  const outcomes = {};
  for (const p of result.participants) outcomes[p.outcome] = (outcomes[p.outcome] ?? 0) + 1;
  const pids = result.participants.map((p) => p.pid).filter((x) => x > 0);
  const stopMs = ms(lastTickNs);
  return {
    participants: result.participants.length,
    withOutcome: result.participants.filter((p) => typeof p.outcome === 'string').length,
    withPid: pids.length,
    distinctPids: new Set(pids).size,
    notices: notices.size,
    outcomes,
    peakInCgroup: seen.peak,
    cgroupMadeMs: ms(seen.t.cgroupMade),
    spawnedMs: ms(firstTickNs),
    firstInMs: ms(seen.t.first),
    allInMs: ms(seen.t.all),
    stopMs,
    emptyAfterStopMs: ms(seen.t.empty) - stopMs,
    cgroupGoneAfterStopMs: ms(seen.t.cgroupGone) - stopMs,
    resolvedAfterStopMs: ms(resolvedNs) - stopMs,
    tickGapMaxMs: Number(maxTickGapNs) / 1e6,
    leftoverHogs: liveHogs(pids).length + myHogChildren().length,
    leftoverCgroups: leftoverCgroups(),
    oomKills: result.oomEvents.length,
  };
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  const rounds = Number(opts.rounds ?? process.env.OOMLAB_BENCH_SCALE_ROUNDS ?? 3);
  const count = Number(opts.count ?? process.env.OOMLAB_BENCH_SCALE_COUNT ?? 500);
  const title = `5. Scale (${count} hog participants in one cgroup)`;
  const skip = memcgSkipReason();
  if (skip) return { title, markdown: `Skipped: ${skip}.` };
  const { lib, skip: notBuilt } = await importLibrary();
  if (notBuilt) return { title, markdown: `Skipped: ${notBuilt}` };
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rs = [];
  const failures = [];
  try {
    for (let r = 0; r < rounds && !abort.signal.aborted; r++) {
      try {
        const x = await scaleRound(lib, count, abort.signal);
        rs.push(x);
        log(
          `  round ${r + 1}: all ${count} in the cgroup after ${fmt(x.allInMs)} ms (spawned by ${fmt(x.spawnedMs)} ms); stop -> all gone ${fmt(x.emptyAfterStopMs)} ms, cgroup removed ${fmt(x.cgroupGoneAfterStopMs)} ms, ` +
            `result ${fmt(x.resolvedAfterStopMs)} ms; outcomes ${JSON.stringify(x.outcomes)}, notices ${x.notices}; longest gap between ticks after the first ${fmt(x.tickGapMaxMs)} ms; leftovers: ${x.leftoverHogs} hogs, ${x.leftoverCgroups.length} cgroups`,
        );
      } catch (err) {
        failures.push(`round ${r + 1}: ${err.message}`);
        log(`  round ${r + 1}: failed: ${err.stack ?? err}`);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const col = (k) => rs.map((x) => x[k]);
  const row = (label, xs, unit = 'ms') => {
    const s = summarize(xs);
    return `| ${label} | ${fmt(s.median)} ${unit} | ${fmt(s.min)} – ${fmt(s.max)} | ${s.runs} |`;
  };
  const per = (k) => col(k).map((v) => v / count);
  const complete = rs.filter((x) => x.participants === count && x.withOutcome === count && x.distinctPids === count && x.notices === count && x.peakInCgroup === count);
  const clean = rs.filter((x) => x.leftoverHogs === 0 && x.leftoverCgroups.length === 0 && Number.isFinite(x.cgroupGoneAfterStopMs));
  const lines = [
    `One run through the library (\`runScenario\` in this process) with one participant of \`count: ${count}\`: each copy an \`oomlab-hog\` that touches 256 KiB (\`block: 64K, total: 256K, touch: memset, interval: 0\`) and then holds until stopped, ` +
      `all in one ${LIMIT} memory cgroup without swap; \`run: { duration: 120s, until: duration, sample: 50ms }\`, stopped through \`RunOptions.signal\` 1 s after all ${count} are in the cgroup, so the harness's own teardown stops all of them (SIGTERM, then SIGKILL after the 2 s grace). ` +
      `Times on CLOCK_MONOTONIC from just before \`runScenario\` is called; a watcher thread reads the run cgroup's \`cgroup.procs\` every 2 ms (each hog joins the cgroup itself, in oomlab-hog's set-up, before its engine runs). ` +
      `*Stop* is the harness's last \`onTick\` (its loop ends in the same turn and teardown begins). ${rounds} rounds.`,
    '',
    '| | median | min – max | runs |',
    '|---|---|---|---|',
    row('**setup per participant** (start to all in the cgroup, / count)', per('allInMs')),
    row('**teardown per participant** (stop to the cgroup removed, / count)', per('cgroupGoneAfterStopMs')),
    row('start to the run cgroup made', col('cgroupMadeMs')),
    row('start to every participant spawned (the first tick returned)', col('spawnedMs')),
    row('start to the first in its cgroup', col('firstInMs')),
    row(`start to all ${count} in the cgroup`, col('allInMs')),
    row(`stop to all ${count} processes gone from the cgroup`, col('emptyAfterStopMs')),
    row('stop to the cgroup removed', col('cgroupGoneAfterStopMs')),
    row('stop to the result returned', col('resolvedAfterStopMs')),
    row("longest gap between the harness's ticks after the first (interval 50 ms)", col('tickGapMaxMs')),
    '',
    `- Complete: ${complete.length} of ${rs.length} runs recorded ${count} participant results, each with an outcome and its own pid, ${count} onOutcome notices, and had all ${count} processes in the cgroup at once. ` +
      `Outcomes: ${[...new Set(rs.map((x) => JSON.stringify(x.outcomes)))].join(', ') || 'n/a'}; OOM kills: ${col('oomKills').join(', ') || 'n/a'}.`,
    `- Clean: ${clean.length} of ${rs.length} runs left no cgroup of this process under its memory cgroup and none of their ${count} pids alive as an oomlab-hog (nor any oomlab-hog child of this process).`,
  ];
  if (failures.length) lines.push(`- Failed runs (${failures.length}): ${failures.join('; ')}`);
  return { title, markdown: lines.join('\n') };
}

await runAlone(import.meta.url, run);

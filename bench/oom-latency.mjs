// Benchmark 4 (issue 7): OOM detection latency. From the kernel's timestamp of an OOM kill to the
// moment the harness has decided the participant's outcome. Target: p95 at most 50 ms.
//
//   node bench/oom-latency.mjs            (OOMLAB_BENCH_LATENCY_ROUNDS=30 by default)
//
// Needs root, a memory cgroup and /dev/kmsg, and the built library (`npx tsc -p tsconfig.build.json`).
//
// Each round is one real run through the library (runScenario, in this process): one hog filling
// memory with memset in a 96 MiB cgroup without swap, until the kernel kills it. Three clocks meet:
//   - the kernel's: the /dev/kmsg record of `Killed process <pid>` carries local_clock() in µs;
//   - the harness's: RunOptions.onOutcome is called the moment the outcome is decided, with the
//     harness's own times (performance.now(), ms since the run started) of the exit and of reading
//     the kernel's report;
//   - this process's CLOCK_MONOTONIC (process.hrtime.bigint()), read inside onOutcome, which anchors
//     the harness's times (its clock is the same monotonic clock, so differences carry over exactly).
// The kernel's clock is mapped onto CLOCK_MONOTONIC by calibration: a marker line is written to
// /dev/kmsg between two hrtime readings, read back, and its timestamp compared with the midpoint;
// the half-width of the narrowest window is the calibration's uncertainty. Calibration is repeated
// at the start and the end (the drift between the two is reported) and the nearest one is used.
import { closeSync, constants, openSync, readSync, readdirSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fmt, importLibrary, memcgSkipReason, ownMemcgV1Dir, runAlone } from './lib.mjs';

const LIMIT = '96M';
const TARGET_P95_MS = 5; // issue 16 (issue 6 asked for 50 ms)

// ---------------------------------------------------------------- /dev/kmsg

/** A non-blocking reader of new /dev/kmsg records (its own position, independent of the harness's). */
function openKmsgReader() {
  const fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  const buf = Buffer.allocUnsafe(8192);
  const read = () => {
    const out = [];
    for (;;) {
      let n;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if (err.code === 'EPIPE') continue; // overwritten before we read it
        if (err.code === 'EAGAIN') break;
        throw err;
      }
      if (n <= 0) break;
      const text = buf.toString('utf8', 0, n);
      const semi = text.indexOf(';');
      const [, , usec] = text.slice(0, semi).split(',');
      const nl = text.indexOf('\n', semi);
      out.push({ usec: BigInt(usec), text: text.slice(semi + 1, nl < 0 ? undefined : nl) });
    }
    return out;
  };
  read(); // the backlog is not ours
  return { read, close: () => closeSync(fd) };
}

let markerSeq = 0;
/** One calibration sample: { offsetNs: kernel ns - monotonic ns, halfWidthNs }.
 *  A fresh fd per marker: /dev/kmsg rate-limits writes per open file (printk_devkmsg=ratelimit). */
function calibrateOnce(reader) {
  const tag = `oomlab-bench-kmsg-calibration ${process.pid} ${markerSeq++}`;
  const wfd = openSync('/dev/kmsg', constants.O_WRONLY);
  let t1;
  let t2;
  try {
    t1 = process.hrtime.bigint();
    writeSync(wfd, `${tag}\n`);
    t2 = process.hrtime.bigint();
  } finally {
    closeSync(wfd);
  }
  const rec = reader.read().find((r) => r.text === tag);
  if (!rec) return undefined;
  return { offsetNs: rec.usec * 1000n - (t1 + t2) / 2n, halfWidthNs: (t2 - t1) / 2n, atNs: (t1 + t2) / 2n };
}

/** The narrowest of n calibration samples (the kernel's µs resolution adds ±0.5 µs). */
function calibrate(reader, n = 15) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const s = calibrateOnce(reader);
    if (s) samples.push(s);
  }
  if (!samples.length) throw new Error('could not read back a /dev/kmsg marker');
  samples.sort((a, b) => (a.halfWidthNs < b.halfWidthNs ? -1 : a.halfWidthNs > b.halfWidthNs ? 1 : 0));
  const best = samples[0];
  const offsets = samples.map((s) => Number(s.offsetNs - best.offsetNs) / 1e3);
  return { ...best, uncertaintyUs: Number(best.halfWidthNs) / 1e3 + 0.5, offsetsSpreadUs: Math.max(...offsets) - Math.min(...offsets) };
}

// ---------------------------------------------------------------- the victim's own exit, seen from outside

// A worker thread (its own event loop, so the harness's cannot delay it) finds the run's cgroup, its one
// pid, and polls /proc/<pid>/stat every 0.2 ms for the moment the kernel has finished the exit (zombie,
// or gone). Used in one variant only, since a polling thread on a 2-core machine perturbs a little.
const PROBE_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const nap = new Int32Array(new SharedArrayBuffer(4));
const stop = new Int32Array(workerData.stop);
let dir, pid, zombieNs;
parentPort.postMessage('ready');
const deadline = process.hrtime.bigint() + 30_000_000_000n;
while (!Atomics.load(stop, 0) && zombieNs === undefined && process.hrtime.bigint() < deadline) {
  try {
    if (!dir) {
      const d = fs.readdirSync(workerData.parent).find((n) => n.startsWith('oomlab-') && n.includes('-p' + workerData.pid + '-'));
      if (d) dir = workerData.parent + '/' + d;
    } else if (!pid) {
      const first = fs.readFileSync(dir + '/cgroup.procs', 'utf8').split('\\n')[0];
      if (first) pid = Number(first);
    } else {
      let state = 'X';
      try {
        const s = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
        state = s[s.lastIndexOf(')') + 2];
      } catch {}
      if (state === 'Z' || state === 'X') zombieNs = process.hrtime.bigint();
    }
  } catch {}
  Atomics.wait(nap, 0, 0, 0.2);
}
parentPort.postMessage({ pid, zombieNs });
`;

function startExitProbe() {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(PROBE_SRC, { eval: true, workerData: { parent: ownMemcgV1Dir(), pid: process.pid, stop } });
  let ready;
  const result = new Promise((resolve, reject) => {
    ready = new Promise((resolveReady) => {
      worker.on('message', (m) => (m === 'ready' ? resolveReady() : resolve(m)));
    });
    worker.once('error', reject);
  });
  return {
    ready,
    async finish() {
      Atomics.store(new Int32Array(stop), 0, 1);
      try {
        return await result;
      } finally {
        await worker.terminate();
      }
    },
  };
}

// ---------------------------------------------------------------- one round

/** One real run. Returns times in ms relative to the kernel's `Killed process` record. */
async function oomRound(lib, reader, cal, { sample, probe, signal }) {
  let notice;
  let noticeNs;
  const exitProbe = probe ? startExitProbe() : undefined;
  let result;
  let seen;
  try {
    await exitProbe?.ready;
    result = await lib.runScenario(
      lib.defineScenario({
        name: 'bench-oom-latency',
        cgroup: { memory: LIMIT, swap: 0 },
        participants: [{ name: 'hog', hog: { total: '1G', touch: 'memset', interval: 0 } }],
        run: { duration: '20s', until: 'all-exited', sample },
      }),
      {
        signal,
        onOutcome: (n) => {
          const t = process.hrtime.bigint();
          if (notice) return;
          notice = n;
          noticeNs = t;
        },
      },
    );
  } finally {
    seen = await exitProbe?.finish();
  }
  const records = reader.read();
  const p = result.participants[0];
  if (!p || p.outcome !== 'oom-killed') throw new Error(`the hog's outcome was ${p?.outcome} (exit ${p?.exitCode ?? p?.signal}), not oom-killed`);
  if (!notice) throw new Error('onOutcome was not called');
  const killed = records.find((r) => new RegExp(`Killed process ${p.pid}\\b`).test(r.text));
  if (!killed) throw new Error(`no "Killed process ${p.pid}" record in /dev/kmsg`);
  const oomKillLine = records.find((r) => r.text.startsWith('oom-kill:') && new RegExp(`,pid=${p.pid},`).test(r.text));
  const killNs = killed.usec * 1000n - cal.offsetNs; // on CLOCK_MONOTONIC
  const rel = (ns) => Number(ns - killNs) / 1e6;
  const anchorMs = (harnessMs) => rel(noticeNs - BigInt(Math.round((notice.atMs - harnessMs) * 1e6)));
  return {
    recordedMs: rel(noticeNs),
    exitSeenMs: notice.exitSeenAtMs === undefined ? NaN : anchorMs(notice.exitSeenAtMs),
    killReadMs: notice.killReadAtMs === undefined ? NaN : anchorMs(notice.killReadAtMs),
    zombieMs: seen?.zombieNs !== undefined && seen.pid === p.pid ? rel(seen.zombieNs) : NaN,
    oomKillLineMs: oomKillLine ? Number(oomKillLine.usec - killed.usec) / 1e3 : NaN,
    outcome: notice.outcome,
  };
}

// ---------------------------------------------------------------- statistics and the section

function pct(xs, p) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

function statsRow(label, xs) {
  const ok = xs.filter(Number.isFinite);
  return `| ${label} | ${fmt(pct(ok, 0.5))} | ${fmt(pct(ok, 0.95))} | ${fmt(Math.min(...ok))} | ${fmt(Math.max(...ok))} | ${ok.length} |`;
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  const rounds = Number(opts.rounds ?? process.env.OOMLAB_BENCH_LATENCY_ROUNDS ?? 30);
  const title = '4. OOM detection latency';
  const skip = memcgSkipReason();
  if (skip) return { title, markdown: `Skipped: ${skip}.` };
  const { lib, skip: notBuilt } = await importLibrary();
  if (notBuilt) return { title, markdown: `Skipped: ${notBuilt}` };
  let reader;
  try {
    reader = openKmsgReader();
  } catch (err) {
    return { title, markdown: `Skipped: cannot read /dev/kmsg (${err.code ?? err.message}).` };
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const variants = [
    { name: 'sample 50ms (default)', sample: '50ms' },
    { name: 'sample 500ms', sample: '500ms' },
    { name: 'sample 50ms, with an exit probe', sample: '50ms', probe: true },
  ];
  const results = Object.fromEntries(variants.map((v) => [v.name, []]));
  const failures = [];
  let calStart;
  let calEnd;
  try {
    calStart = calibrate(reader);
    log(`  calibration: kernel - monotonic = ${fmt(Number(calStart.offsetNs) / 1e3)} µs ± ${fmt(calStart.uncertaintyUs)} µs`);
    for (let r = 0; r < rounds && !abort.signal.aborted; r++) {
      const line = [];
      for (const v of variants) {
        if (abort.signal.aborted) break;
        try {
          const x = await oomRound(lib, reader, calStart, { sample: v.sample, probe: v.probe, signal: abort.signal });
          results[v.name].push(x);
          line.push(`${v.name}: recorded ${fmt(x.recordedMs)} ms (exit ${fmt(x.exitSeenMs)}, kmsg ${fmt(x.killReadMs)})`);
        } catch (err) {
          failures.push(`${v.name}, round ${r + 1}: ${err.message}`);
          line.push(`${v.name}: failed: ${err.message}`);
        }
      }
      log(`  round ${r + 1}: ${line.join('; ')}`);
    }
    calEnd = calibrate(reader);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    reader.close();
  }
  const driftUs = Number(calEnd.offsetNs - calStart.offsetNs) / 1e3;
  const driftSpanS = Number(calEnd.atNs - calStart.atNs) / 1e9;
  // Mapping with the start calibration: the error at a kill is at most the drift between start and
  // end (linear over the span) plus the calibration's own half-width.
  const mainName = variants[0].name;
  const main = results[mainName];
  const p95 = pct(main.map((x) => x.recordedMs), 0.95);
  const met = Number.isFinite(p95) && p95 <= TARGET_P95_MS;
  const leftovers = leftoverCgroups();

  const lines = [
    `Milliseconds from the kernel's OOM kill to the moment the harness has decided the participant's outcome (lower is better). ` +
      `Each round is one real run through the library (\`runScenario\` in this process): one hog (\`total: 1G, touch: memset, interval: 0\`) in a ${LIMIT} cgroup without swap, \`until: all-exited\`, killed by the kernel. ` +
      `*Kill*: the \`/dev/kmsg\` timestamp of the kernel's \`Killed process <pid>\` record (local_clock, µs). ` +
      `*Recorded*: \`RunOptions.onOutcome\` is called the moment the outcome is decided (since issue 16: the kernel's \`Killed process\` record of the process itself read, before the report around it is parsed (src/kernel-log/killed-record.ts; parsing the report's ~80 lines first took 0.3 ms warm and 3 to 5 ms in a fresh process, and p95 went from 4.38 to 1.77 ms alone on 2026-12-05), which a thread of the addon waiting in poll(2) on /dev/kmsg makes happen at once, usually before the exit (the kernel wakes /dev/kmsg's readers only on its next timer tick, 4 ms at HZ=250, so the thread also looks again every 1 ms); before, the exit seen and the report read), and the bench reads CLOCK_MONOTONIC inside it; ` +
      `the notice's own times (harness clock, the same monotonic clock) give *exit seen* (the child's exit and the end of its progress pipe, through execa; only in notices decided at the exit, so its *kills* count is those) and *kernel report read* (the harness's /dev/kmsg reader attributing the kill). ` +
      `The kernel's clock is mapped onto CLOCK_MONOTONIC by writing a marker to /dev/kmsg between two clock readings and reading its timestamp back (narrowest of 15). ` +
      `Variants interleaved, ${rounds} rounds; the sampling interval is varied to show whether detection waits for a tick.`,
    '',
    `| ${mainName}: ms after the kill | p50 | p95 | min | max | kills |`,
    '|---|---|---|---|---|---|',
    statsRow('process exit seen by the harness', main.map((x) => x.exitSeenMs)),
    statsRow('kernel report read and attributed', main.map((x) => x.killReadMs)),
    statsRow('**outcome recorded**', main.map((x) => x.recordedMs)),
    statsRow('(the `oom-kill:` summary line, before the kill line)', main.map((x) => x.oomKillLineMs)),
    '',
  ];
  for (const v of variants.slice(1)) {
    const xs = results[v.name];
    lines.push(`| ${v.name}: ms after the kill | p50 | p95 | min | max | kills |`, '|---|---|---|---|---|---|');
    if (v.probe) lines.push(statsRow('the victim a zombie (kernel done with its exit; polled every 0.2 ms)', xs.map((x) => x.zombieMs)));
    lines.push(statsRow('process exit seen by the harness', xs.map((x) => x.exitSeenMs)));
    lines.push(statsRow('kernel report read and attributed', xs.map((x) => x.killReadMs)));
    lines.push(statsRow('**outcome recorded**', xs.map((x) => x.recordedMs)), '');
  }
  const readFirst = main.filter((x) => !(x.killReadMs > x.exitSeenMs)).length;
  const beforeExit = main.filter((x) => !Number.isFinite(x.exitSeenMs)).length;
  lines.push(
    `Target: p95 of *outcome recorded* at most ${TARGET_P95_MS} ms, at the default sampling interval: ${Number.isFinite(p95) ? `${fmt(p95)} ms, ${met ? '**met**' : `**missed** by ${fmt(p95 - TARGET_P95_MS)} ms`}` : 'n/a'}.`,
    '',
    `- Calibration: kernel clock − CLOCK_MONOTONIC = ${fmt(Number(calStart.offsetNs) / 1e3)} µs at the start, ±${fmt(calStart.uncertaintyUs)} µs (half the write window, plus the kernel's µs rounding); ` +
      `the same measured ${fmt(driftSpanS)} s later differed by ${fmt(driftUs)} µs (±${fmt(calEnd.uncertaintyUs)} µs). ` +
      `So each kill time is known to within about ${fmt(Math.abs(driftUs) + calStart.uncertaintyUs + calEnd.uncertaintyUs)} µs, three orders of magnitude below the figures.`,
    `- In ${readFirst} of ${main.length} kills the harness had read the kernel's report no later than it saw the exit, and in ${beforeExit} of them it decided the outcome before the exit was seen: the addon's watch thread wakes the harness the moment the kernel writes the report (printed right after it sends SIGKILL), and the harness also reads /dev/kmsg when it sees a participant exit, so the decision does not wait for a sampling tick.`,
    `- *Exit seen* includes the victim's own exit (the kernel unmapping its memory; the OOM reaper helps), SIGCHLD, libuv's waitpid, execa's promise and the end of the hog's progress pipe.`,
  );
  if (failures.length) lines.push(`- Failed rounds (${failures.length}): ${failures.slice(0, 5).join('; ')}`);
  lines.push(leftovers.length ? `- **Left over after the runs**: ${leftovers.join(', ')}` : '- After the runs no cgroup of this process was left (checked under its own memory cgroup).');
  return { title, markdown: lines.join('\n') };
}

/** The run cgroups of this process still present under its own memory cgroup (should be none). */
export function leftoverCgroups() {
  const dir = ownMemcgV1Dir();
  if (!dir) return [];
  return readdirSync(dir).filter((n) => n.startsWith('oomlab-') && n.includes(`-p${process.pid}-`));
}

await runAlone(import.meta.url, run);

// Sampler cost (issue 4): N idle participants sampled every 10 ms for 10 s.
// Targets: harness CPU <= 10% of one core, achieved interval p99 <= 2x the interval, harness peak
// RSS <= 150 MiB.
//
//   node bench/sampler.mjs [--n 200] [--interval 10] [--duration 10000] [--detail 32] [--backoff 100]
//
// --backoff 0 reads every pid's statm every tick (no idle back-off): the strict figure.
//
// Prints one JSON line. Needs `npx tsc -p tsconfig.build.json` first (imports ../dist).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Sampler } from '../dist/index.js';

const MiB = 2 ** 20;

/** Start `n` idle `sleep` processes, sample them, and return the figures. */
export async function run(opts = {}) {
  const n = opts.n ?? 200;
  const intervalMs = opts.intervalMs ?? 10;
  const durationMs = opts.durationMs ?? 10_000;
  const kids = [];
  try {
    for (let i = 0; i < n; i++) {
      const k = spawn('sleep', ['120'], { stdio: 'ignore' });
      k.on('error', () => undefined);
      kids.push(k);
    }
    await new Promise((r) => setTimeout(r, 300)); // let them exec
    const sampler = new Sampler({
      intervalMs,
      ...(opts.detailPerTick !== undefined ? { detailPerTick: opts.detailPerTick } : {}),
      ...(opts.idleBackoffMs !== undefined ? { idleBackoffMs: opts.idleBackoffMs } : {}),
    });
    kids.forEach((k, i) => sampler.addParticipant(`p${i}`, k.pid));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    sampler.start();
    await new Promise((r) => setTimeout(r, durationMs));
    sampler.stop(false);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const s = sampler.stats();
    const tracked = s.pids;
    sampler.close();
    const result = {
      bench: 'sampler',
      participants: n,
      pidsTracked: tracked,
      intervalMs,
      idleBackoffMs: opts.idleBackoffMs ?? 100,
      durationMs: Math.round(wallMs),
      ticks: s.ticks,
      missed: s.missed,
      cpuShare: round((cpu.user + cpu.system) / 1000 / wallMs, 4),
      cpuUserMs: round(cpu.user / 1000, 1),
      cpuSystemMs: round(cpu.system / 1000, 1),
      intervalP50Ms: round(s.gaps.p50, 3),
      intervalP99Ms: round(s.gaps.p99, 3),
      intervalMaxMs: round(s.gaps.max, 3),
      tickMeanMs: round(s.tickMeanMs, 3),
      tickMaxMs: round(s.tickMaxMs, 3),
      peakRssMiB: round((process.resourceUsage().maxRSS * 1024) / MiB, 1),
    };
    result.targets = {
      cpu: result.cpuShare <= 0.1,
      p99: result.intervalP99Ms <= 2 * intervalMs,
      rss: result.peakRssMiB <= 150,
    };
    return result;
  } finally {
    for (const k of kids) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
  }
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function flag(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const r = await run({ n: flag(argv, '--n'), intervalMs: flag(argv, '--interval'), durationMs: flag(argv, '--duration'), detailPerTick: flag(argv, '--detail'), idleBackoffMs: flag(argv, '--backoff') });
  process.stdout.write(JSON.stringify(r) + '\n');
}

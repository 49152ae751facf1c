// Shared helpers for the benchmarks (issue 7): statistics, interleaving, memory cgroups, child
// processes, C references, the machine description and the Markdown a bench section renders to.
//
// A bench module exports `async function run(opts)` and returns a *section*:
//   { title, method?: string (Markdown), notes?: string[], skipped?: string[],
//     rows: [{ label, samples: number[], unit, better: 'higher'|'lower',
//              ref?: label of the reference row (ratios are per interleaved round, then the median),
//              target?: { op: '>=' | '<=', ratio: number, text?: string }, why?: string (shown when missed) }] }
//   A row may have an absolute target instead: { op, value: number, text? }, judged on its median (with a ref,
//   the ratio is still shown).
// bench/run.mjs renders every section into bench/RESULTS.md; a module run alone prints its own.
// A section may instead carry `markdown` (a string) to be included as it is.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The hog under test. OOMLAB_BENCH_HOG points the bench at another build (e.g. a "before" copy). */
export const HOG = process.env.OOMLAB_BENCH_HOG ?? join(ROOT, 'build/Release/oomlab-hog');
export const CLI = join(ROOT, 'dist/oomlab.cjs');
export const GiB = 2 ** 30;
export const MiB = 2 ** 20;

// ---------------------------------------------------------------- statistics

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median, min, max, and the spread as (max - min) / median. */
export function summarize(samples) {
  const ok = samples.filter((x) => Number.isFinite(x));
  const med = median(ok);
  const min = Math.min(...ok);
  const max = Math.max(...ok);
  return { median: med, min, max, runs: ok.length, spread: ok.length ? (max - min) / med : NaN };
}

/** Ratio of a row to its reference: the median of per-round ratios when both were run in the same
 *  interleaved rounds (same count), else the ratio of the medians. */
export function ratioOf(samples, refSamples) {
  if (samples.length === refSamples.length && samples.length > 0) {
    const rs = samples.map((x, i) => x / refSamples[i]).filter((x) => Number.isFinite(x));
    if (rs.length) return median(rs);
  }
  return median(samples) / median(refSamples);
}

/** Runs `variants` ({ name, fn }) round-robin, A B C A B C ..., `rounds` times. fn returns a number
 *  (or NaN for a failed run). Returns { name: samples[] }. `budgetMs` stops early (after at least
 *  `minRounds` rounds) when the time is spent. `shuffle` (a seed) runs each round in its own order
 *  (the same orders every invocation), for runs that depend on what the run before them left behind:
 *  in a fixed order each variant would always follow the same neighbour. */
export async function interleave(variants, rounds, { budgetMs = Infinity, minRounds = 3, log = () => {}, shuffle } = {}) {
  const out = Object.fromEntries(variants.map((v) => [v.name, []]));
  const t0 = Date.now();
  const random = shuffle === undefined ? undefined : seededRandom(shuffle);
  for (let r = 0; r < rounds; r++) {
    if (r >= minRounds && Date.now() - t0 > budgetMs) {
      log(`  (stopping after ${r} rounds: time budget)`);
      break;
    }
    const order = [...variants];
    if (random) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    for (const v of order) {
      let x;
      try {
        x = await v.fn(r);
      } catch (err) {
        log(`  ${v.name}: ${err.message ?? err}`);
        x = NaN;
      }
      out[v.name].push(x);
    }
    const ran = random ? `  (order: ${order.map((v) => v.name).join(' ')})` : '';
    log(`  round ${r + 1}: ${variants.map((v) => `${v.name}=${fmt(out[v.name][r])}`).join('  ')}${ran}`);
  }
  return out;
}

/** A small deterministic generator (mulberry32) in [0, 1), so shuffled orders repeat run to run. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fmt(x, digits = 3) {
  if (!Number.isFinite(x)) return 'n/a';
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return x.toPrecision(digits);
}

// ---------------------------------------------------------------- sleeping and polling

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks this thread for ms (fractions allowed) without spinning. */
export function sleepSync(ms) {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Reads a small sysfs/proc file through an fd kept open (cheap enough to poll every 250 us). */
export class FilePoller {
  constructor(path) {
    this.fd = openSync(path, 'r');
    this.buf = Buffer.alloc(4096);
  }
  read() {
    const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
    return this.buf.toString('utf8', 0, n);
  }
  close() {
    closeSync(this.fd);
  }
}

/** True when pid has exited (gone, or a zombie not yet reaped). */
export function exited(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------- cleanup on every exit path

const children = new Set();
const memcgs = new Set();
let hooked = false;

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      cleanupSync();
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig] ?? 0));
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    cleanupSync();
    process.exit(1);
  });
}

/** Kills everything the bench started and removes every cgroup it made. Synchronous: safe in 'exit'. */
export function cleanupSync() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // gone
    }
  }
  children.clear();
  for (const cg of [...memcgs]) cg.destroySync();
}

// ---------------------------------------------------------------- memory cgroups (v1)

/** The bench's own memory cgroup directory (cgroup v1), or undefined. */
export function ownMemcgV1Dir() {
  let text;
  try {
    text = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split('\n').find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (!line) return undefined;
  const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const dir = `/sys/fs/cgroup/memory${path === '/' ? '' : path}`;
  return existsSync(`${dir}/memory.limit_in_bytes`) ? dir : undefined;
}

/** Why memory cgroups cannot be used here, or undefined when they can. */
export function memcgSkipReason() {
  if (process.getuid?.() !== 0) return 'needs root (to make memory cgroups)';
  if (!ownMemcgV1Dir()) return 'needs a cgroup-v1 memory controller at /sys/fs/cgroup/memory';
  return undefined;
}

let memcgSeq = 0;
/** Makes a child memory cgroup of the bench's own with this limit and no swap. */
export function createMemcg(name, limitBytes) {
  hookExit();
  const parent = ownMemcgV1Dir();
  if (!parent) throw new Error('no cgroup-v1 memory controller');
  const dir = join(parent, `oomlab-bench-${name}-${process.pid}-${memcgSeq++}`);
  mkdirSync(dir);
  const cg = {
    dir,
    procs: join(dir, 'cgroup.procs'),
    file: (f) => join(dir, f),
    read: (f) => readFileSync(join(dir, f), 'utf8'),
    pids: () => {
      try {
        return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    },
    killAll() {
      for (const pid of cg.pids()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    },
    /** Kills what is inside and removes the directory, retrying while the last tasks exit. */
    destroySync() {
      for (let i = 0; i < 200 && existsSync(dir); i++) {
        cg.killAll();
        try {
          rmdirSync(dir);
          break;
        } catch {
          sleepSync(10);
        }
      }
      memcgs.delete(cg);
      if (existsSync(dir)) console.error(`bench: could not remove ${dir}`);
    },
    oomKills() {
      const m = /oom_kill (\d+)/.exec(cg.read('memory.oom_control'));
      return m ? Number(m[1]) : NaN;
    },
  };
  memcgs.add(cg);
  try {
    writeFileSync(cg.file('memory.limit_in_bytes'), String(limitBytes));
    try {
      writeFileSync(cg.file('memory.swappiness'), '0');
    } catch {
      // not writable with use_hierarchy on some kernels; the memsw limit below still holds
    }
    if (existsSync(cg.file('memory.memsw.limit_in_bytes'))) writeFileSync(cg.file('memory.memsw.limit_in_bytes'), String(limitBytes));
  } catch (err) {
    cg.destroySync();
    throw err;
  }
  return cg;
}

// ---------------------------------------------------------------- child processes

/** Spawns a tracked child. Resolves with { code, signal, stdout, stderr, wallNs } at exit;
 *  `child` is available synchronously via the returned object's .child. */
export function spawnTracked(cmd, args, opts = {}) {
  hookExit();
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise((resolve, reject) => {
    child.on('error', (err) => {
      children.delete(child);
      reject(err);
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr, wallNs: Number(process.hrtime.bigint() - t0) });
    });
  });
  return { child, t0, done };
}

/** Runs a command to its end; rejects on spawn failure or a non-zero exit (unless allowFail). */
export async function runTracked(cmd, args, opts = {}) {
  const { allowFail, timeoutMs = 120_000, ...rest } = opts;
  const p = spawnTracked(cmd, args, rest);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  try {
    const r = await p.done;
    if (!allowFail && (r.code !== 0 || r.signal)) {
      throw new Error(`${cmd} ${args.join(' ')}: exit ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 400)}`);
    }
    return r;
  } finally {
    clearTimeout(timer);
  }
}

export function hasCommand(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- C references

/** Compiles bench/c/<name>.c with cc -O2 into $TMPDIR/oomlab-bench-c/<name> (once, or when the source changed). */
export function compileC(name) {
  const src = join(ROOT, 'bench/c', `${name}.c`);
  const outDir = join(tmpdir(), 'oomlab-bench-c'); // not build/: node-gyp rebuild wipes it
  const out = join(outDir, name);
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('cc', ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-o', out, src], { stdio: 'inherit' });
  }
  return out;
}

// ---------------------------------------------------------------- the machine

function readOr(path, fallback = 'unknown') {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

export function machineInfo() {
  const cpuinfo = readOr('/proc/cpuinfo', '');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const thp = readOr('/sys/kernel/mm/transparent_hugepage/enabled');
  const defrag = readOr('/sys/kernel/mm/transparent_hugepage/defrag');
  const swapLines = readOr('/proc/swaps', '').split('\n').length - 1;
  let stressNg = 'not installed';
  try {
    stressNg = execFileSync('stress-ng', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // missing
  }
  const hypervisor = /^flags\s*:.*\bhypervisor\b/m.test(cpuinfo);
  const balloon = existsSync('/sys/bus/virtio/drivers/virtio_balloon');
  // VIRTIO_BALLOON_F_REPORTING is feature bit 5 of the balloon device (virtio device id 5).
  let reporting = false;
  try {
    for (const d of readdirSync('/sys/bus/virtio/devices')) {
      const dev = `/sys/bus/virtio/devices/${d}`;
      if (readOr(`${dev}/device`) === '0x0005' && readOr(`${dev}/features`, '')[5] === '1') reporting = true;
    }
  } catch {
    // no virtio
  }
  const reportingOrder = reporting ? readOr('/sys/module/page_reporting/parameters/page_reporting_order', '') : '';
  const virt = !hypervisor
    ? 'Bare metal (no hypervisor flag in /proc/cpuinfo)'
    : `Virtual machine (hypervisor flag; kernel ${readOr('/proc/sys/kernel/osrelease')})` +
      (balloon ? '; virtio-balloon present' : '') +
      (reportingOrder
        ? `; free page reporting on (page_reporting_order ${reportingOrder} = ${(2 ** Number(reportingOrder) * 4) / 1024} MiB blocks): memory the guest frees is handed back to the host after about 2 s, and faulting it in again costs the host's faults too`
        : '');
  return {
    virt,
    cpu: model,
    cores: cpus().length,
    ramGiB: (totalmem() / GiB).toFixed(1),
    kernel: readOr('/proc/sys/kernel/osrelease'),
    thp: `enabled: ${thp}; defrag: ${defrag}`,
    swap: swapLines > 0 ? `${swapLines} device(s)` : 'none',
    node: process.version,
    stressNg,
    loadavg: readOr('/proc/loadavg').split(' ').slice(0, 3).join(' '),
  };
}

// ---------------------------------------------------------------- Markdown

function verdict(row, got, want) {
  const t = row.target;
  if (!t || !Number.isFinite(got) || !Number.isFinite(want)) return '';
  const met = t.op === '>=' ? got >= want : got <= want;
  if (met) return 'met';
  const by = t.op === '>=' ? (want - got) / want : (got - want) / want;
  return `**missed** by ${(by * 100).toFixed(by < 0.1 ? 1 : 0)}%${row.why ? `: ${row.why}` : ''}`;
}

export function renderSection(section) {
  const out = [`## ${section.title}`, ''];
  if (section.markdown) {
    out.push(section.markdown, '');
    return out.join('\n');
  }
  if (section.method) out.push(section.method, '');
  for (const s of section.skipped ?? []) out.push(`- Skipped: ${s}`);
  if (section.skipped?.length) out.push('');
  const rows = section.rows ?? [];
  if (rows.length) {
    out.push('| | median | min – max | spread | runs | ratio vs reference | target | result |');
    out.push('|---|---|---|---|---|---|---|---|');
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
    for (const row of rows) {
      const s = summarize(row.samples);
      const ref = row.ref ? byLabel[row.ref] : undefined;
      const ratio = ref ? ratioOf(row.samples, ref.samples) : NaN;
      const ratioText = ref ? `${fmt(ratio)}x of ${row.ref}` : row.isRef ? 'reference' : '';
      const t = row.target;
      const target = t ? t.text ?? (t.value === undefined ? `${t.op === '>=' ? '≥' : '≤'} ${t.ratio}x` : `${t.op === '>=' ? '≥' : '≤'} ${t.value} ${row.unit}`) : '';
      const result = !t ? '' : t.value !== undefined ? verdict(row, s.median, t.value) : ref ? verdict(row, ratio, t.ratio) : '';
      out.push(
        `| ${row.label} | ${fmt(s.median)} ${row.unit} | ${fmt(s.min)} – ${fmt(s.max)} | ${Number.isFinite(s.spread) ? `${(s.spread * 100).toFixed(0)}%` : 'n/a'} | ${s.runs}${row.samples.length > s.runs ? ` (${row.samples.length - s.runs} failed)` : ''} | ${ratioText} | ${target} | ${result} |`,
      );
    }
    out.push('');
  }
  for (const n of section.notes ?? []) out.push(`- ${n}`);
  if (section.notes?.length) out.push('');
  return out.join('\n');
}

/** The built library (dist/index.js), or the reason a module that needs it must skip. */
export async function importLibrary() {
  try {
    return { lib: await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href) };
  } catch (err) {
    return { skip: `the library is not built (\`npx tsc -p tsconfig.build.json\`): ${err.message}` };
  }
}

/** oomlab-hog's command line for hog options as a person writes them (`oomlab hog`'s names and
 *  defaults: `{ block: '1M', touch: 'memset', interval: '0' }`), made by the library's one argv
 *  builder (src/engine/argv.ts). The executable has no defaults of its own: it takes every engine
 *  option explicitly and refuses a command line that lacks one. `setup` as hogArgv's (default: no
 *  set-up flags at all); `progressFd` and `progressEveryNs` as the engine's. Needs the built library. */
export async function hogArgv(input, { setup = { pdeathsig: false }, progressFd, progressEveryNs } = {}) {
  const dist = (file) => import(pathToFileURL(join(ROOT, 'dist', 'engine', file)).href);
  const [{ normalizeHogOptions }, { toEngineConfig }, argv] = await Promise.all([dist('options.js'), dist('config.js'), dist('argv.js')]);
  return argv.hogArgv(setup, { engine: toEngineConfig(normalizeHogOptions(input), progressEveryNs), progressFd });
}

/** For `node bench/<name>.mjs`: run the module's run() and print its section. */
export async function runAlone(metaUrl, run) {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== metaUrl) return;
  const section = await run({ log: (m) => console.error(m) });
  cleanupSync();
  console.log(renderSection(section));
}

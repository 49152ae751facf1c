// Benchmark 7 (issue 3): kernel-log parser throughput. How fast does parseKernelLog read a large log,
// in MB/s, against the cheapest thing anyone does to a log: splitting it into lines?
//
//   npx tsc -p tsconfig.build.json && node bench/parser.mjs
//   OOMLAB_BENCH_ROUNDS=9 OOMLAB_BENCH_PARSER_MB=100 node bench/parser.mjs
//
// The log: every fixture in test/fixtures/kernel-logs (real OOM reports, all prefix styles), each
// followed by NOISE_LINES lines of ordinary kernel and syslog chatter, repeated to about 64 MB. Parse
// and split run interleaved (parse, split, parse, split, ...) on the same string, and the ratio is
// taken per round, then the median. A second parse row runs on the reports alone (no noise), the
// worst case, with no target. Nothing here fails on a time.
//
// Adversarial rows (security audit: "quadratic regexes in the parser"): 1 MB of ~8 KB lines crafted
// as the worst case of one pattern the parser once had (nested or adjacent quantifiers over the same
// characters), run through parseKernelLogStream, the entry point of `oomlab explain`, fed 1 MiB byte
// chunks as its file stream is. Each is interleaved with plain text of the same size, line length and
// framing; target: within 3x of the plain text's time. OOMLAB_BENCH_PARSER_ADVERSARIAL=header,panic
// runs only the named rows; OOMLAB_BENCH_PARSER_LINE and OOMLAB_BENCH_PARSER_ADVERSARIAL_MB resize them
// (the old task-table header pattern was cubic: one 8 KB line took about 90 s).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, interleave, median, ratioOf, renderSection, ROOT } from './lib.mjs';

const MB = 1e6;
const TARGET_MB = Number(process.env.OOMLAB_BENCH_PARSER_MB ?? 64);
const ROUNDS = Number(process.env.OOMLAB_BENCH_ROUNDS ?? 7);
const NOISE_LINES = Number(process.env.OOMLAB_BENCH_PARSER_NOISE ?? 2000);
const FIXTURES = join(ROOT, 'test/fixtures/kernel-logs');
const ADVERSARIAL_MB = Number(process.env.OOMLAB_BENCH_PARSER_ADVERSARIAL_MB ?? 1);
const LINE = Number(process.env.OOMLAB_BENCH_PARSER_LINE ?? 8000);
const ONLY = process.env.OOMLAB_BENCH_PARSER_ADVERSARIAL?.split(',').filter(Boolean);
/** `oomlab explain` reads files in 1 MiB chunks (createReadStream highWaterMark). */
const CHUNK = 1 << 20;

const NOISE = [
  (i) => `[${(i / 7).toFixed(6).padStart(12)}] usb 1-1.${i % 9}: new high-speed USB device number ${i % 120} using ehci-pci`,
  (i) => `[${(i / 7).toFixed(6).padStart(12)}] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx`,
  (i) => `[${(i / 7).toFixed(6).padStart(12)}] EXT4-fs (sda${i % 4}): re-mounted. Opts: errors=remount-ro. Quota mode: none.`,
  (i) => `Nov 28 12:${String(i % 60).padStart(2, '0')}:17 web-${i % 5} sshd[${1000 + (i % 5000)}]: Accepted publickey for deploy from 10.0.${i % 255}.7 port ${40000 + (i % 20000)} ssh2`,
  (i) => `Nov 28 12:${String(i % 60).padStart(2, '0')}:18 web-${i % 5} kernel: [${(i / 3).toFixed(6)}] audit: type=1400 audit(1700000000.${i % 1000}:${i}): apparmor="DENIED" operation="open" profile="snap.x" name="/proc/${i}/mounts"`,
  (i) => `Nov 28 12:${String(i % 60).padStart(2, '0')}:19 web-${i % 5} systemd[1]: Started session-${i}.scope - Session ${i} of User deploy.`,
  (i) => `6,${i},${i * 1000},-;IPv6: ADDRCONF(NETDEV_CHANGE): veth${(i * 2654435761 >>> 0).toString(16)}: link becomes ready`,
  (i) => `[${(i / 7).toFixed(6).padStart(12)}] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.`,
];

function fixtures() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8').replace(/\n?$/, '\n'));
}

/** The benchmark log: reports with noise between them, repeated to about TARGET_MB. */
export function buildLog(targetBytes = TARGET_MB * MB, noiseLines = NOISE_LINES) {
  const reports = fixtures();
  const parts = [];
  let bytes = 0;
  let i = 0;
  while (bytes < targetBytes) {
    for (const report of reports) {
      const noise = [];
      for (let k = 0; k < noiseLines; k++, i++) noise.push((NOISE[i % NOISE.length] ?? NOISE[0])(i));
      const chunk = `${noise.join('\n')}\n${report}`;
      parts.push(chunk);
      bytes += chunk.length;
    }
  }
  return { text: parts.join(''), reports: reports.length, copies: parts.length / reports.length };
}

/** A report opener and `Mem-Info:` every FRAME lines keep the parser inside a report, where every
 *  line is read (the header, CPU and Mem-Info matchers only run there). */
const FRAME = 64;
const OPENER = ['stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'Mem-Info:'];

/** `head`, then `fill` repeated, then `tail`: one line of about n characters. */
function craft(n, head, fill, tail = '') {
  const room = Math.max(0, n - head.length - tail.length);
  return `${head}${fill.repeat(Math.ceil(room / fill.length)).slice(0, room)}${tail}`;
}

/** One row per pattern found super-linear: its name in the source, and a line that is its worst case. */
export const ADVERSARIAL = [
  // The four of the audit.
  { name: 'header', pattern: 'task-table.ts HEADER /^\\[\\s*pid\\s*\\]\\s+(.*?)\\s+name\\s*$/', line: (n) => craft(n, '[ pid ]', ' ') },
  { name: 'tainted', pattern: 'report-lines.ts KERNEL_RELEASE /(?:tainted|Tainted: [^\\d]*?)\\s+(\\d+\\.\\d+[^\\s#]*)/', line: (n) => craft(n, 'CPU: 1 PID: 15299 Comm: python3 Tainted: ', ' ') },
  { name: 'task-in', pattern: 'report-lines.ts TASK_IN /^Task in (.*) killed as a result of limit of (.*?)\\s*$/', line: (n) => craft(n, 'Task in /a killed as a result of limit of ', ' ', 'x') },
  { name: 'panic', pattern: 'report-lines.ts PANIC /Kernel panic - not syncing: ((?:Out of memory|System is deadlocked on memory).*?)\\s*$/', line: (n) => craft(n, 'Kernel panic - not syncing: Out of memory', ' ', 'x') },
  // Found looking over the rest of src/kernel-log.
  { name: 'mem-info', pattern: 'mem-info.ts COUNTER /(\\w+):(\\d+)(?=\\s|$)/g', line: (n) => craft(n, 'active_anon:', '1', 'x') },
  { name: 'kill-sizes', pattern: 'report-lines.ts KV /([A-Za-z_-]+):(-?\\d+)(kB)?/g', line: (n) => craft(n, 'Out of memory: Killed process 1 (x) total-vm:', 'a') },
  { name: 'killed', pattern: 'report-lines.ts KILLED /(?:^|: )Killed process (\\d+),? (?:UID \\d+, )?\\((.*)\\)(?: (total-vm:.*|vsz:.*))?$/', line: (n) => craft(n, 'Killed process 1 (', ') total-vm:', '\u2028x') },
  { name: 'selection', pattern: 'report-lines.ts SELECT /(?:^|: )Kill process (\\d+) \\((.*)\\) score (-?\\d+) or sacrifice child/', line: (n) => craft(n, '', ': Kill process 1 (') },
  { name: 'reaped', pattern: 'report-lines.ts REAPED /^oom_reaper: reaped process (\\d+) \\((.*)\\), now (.*)$/', line: (n) => craft(n, 'oom_reaper: reaped process 1 (', '), now ', '\rx') },
  { name: 'oom-kill-task', pattern: 'report-lines.ts /,task=(.*),pid=(\\d+),uid=(\\d+)\\s*$/', line: (n) => craft(n, 'oom-kill:constraint=CONSTRAINT_NONE', ',task=') },
  { name: 'oom-kill-cpuset', pattern: 'report-lines.ts /,cpuset=(.*?),mems_allowed=/ (and ,oom_memcg=, ,task_memcg=)', line: (n) => craft(n, 'oom-kill:constraint=CONSTRAINT_NONE', ',cpuset=') },
];

/** Plain text of the same line length: ordinary kernel and syslog chatter joined into long lines. */
function plainLine(n, seed) {
  const words = [];
  let len = 0;
  for (let i = seed; len < n; i++) {
    const w = (NOISE[i % NOISE.length] ?? NOISE[0])(i);
    words.push(w);
    len += w.length + 1;
  }
  return words.join(' ').slice(0, n);
}

/** About `targetBytes` of framed lines, as the 1 MiB byte chunks `oomlab explain` reads. */
export function buildFramed(line, targetBytes = ADVERSARIAL_MB * MB) {
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    if (i % FRAME === 0) lines.push(...OPENER);
    const l = line(i);
    lines.push(l);
    bytes += Buffer.byteLength(l, 'utf8') + 1;
  }
  const buffer = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const chunks = [];
  for (let i = 0; i < buffer.length; i += CHUNK) chunks.push(buffer.subarray(i, i + CHUNK));
  return { chunks, bytes: buffer.length, lines: lines.length };
}

async function* replay(chunks) {
  for (const c of chunks) yield c;
}

/** MB/s of parseKernelLogStream over the chunks; `counts.events` receives the events it returned. */
async function streamMBps(parseKernelLogStream, input, counts = {}) {
  const t0 = process.hrtime.bigint();
  let events = 0;
  for await (const _ of parseKernelLogStream(replay(input.chunks))) events++;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  counts.events = events;
  return input.bytes / MB / s;
}

function mbPerS(bytes, fn) {
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return bytes / MB / s;
}

export async function run({ log = (m) => console.error(m) } = {}) {
  const { parseKernelLog, parseKernelLogStream } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
  const mixed = buildLog();
  const dense = { text: fixtures().join('').repeat(Math.ceil((TARGET_MB * MB) / 4 / fixtures().join('').length)) };
  const bytes = Buffer.byteLength(mixed.text, 'utf8');
  const denseBytes = Buffer.byteLength(dense.text, 'utf8');
  const lines = mixed.text.split('\n').length;
  const reportLines = fixtures().join('').split('\n').length * mixed.copies;
  log(`parser bench: ${(bytes / MB).toFixed(1)} MB, ${lines} lines, ${mixed.reports} reports x ${mixed.copies} copies, ${((100 * reportLines) / lines).toFixed(1)}% of lines in reports`);
  let events = 0;
  // Warm-up: the first parses of a process run before V8 has optimised the hot path.
  for (let w = 0; w < 2; w++) {
    mbPerS(bytes, () => (events = parseKernelLog(mixed.text).length));
    mbPerS(denseBytes, () => parseKernelLog(dense.text));
  }
  const crafted = ADVERSARIAL.filter((a) => !ONLY || ONLY.includes(a.name));
  const plain = buildFramed((i) => plainLine(LINE, i * 97));
  const inputs = Object.fromEntries(crafted.map((a) => [a.name, buildFramed(() => a.line(LINE))]));
  const counts = Object.fromEntries(['plain', ...crafted.map((a) => a.name)].map((k) => [k, {}]));
  log(`adversarial rows: ${crafted.length} patterns, ${(plain.bytes / MB).toFixed(2)} MB each of ${LINE}-character lines (${plain.lines} lines with the frame), through parseKernelLogStream`);
  // Warm-up on a few lines only: an old pattern could take seconds per line.
  await streamMBps(parseKernelLogStream, buildFramed((i) => plainLine(LINE, i), 8 * LINE));
  for (const a of crafted) await streamMBps(parseKernelLogStream, buildFramed(() => a.line(LINE), 4 * LINE));
  const samples = await interleave(
    [
      { name: 'parse', fn: () => mbPerS(bytes, () => parseKernelLog(mixed.text)) },
      { name: 'split', fn: () => mbPerS(bytes, () => mixed.text.split('\n')) },
      { name: 'parse-dense', fn: () => mbPerS(denseBytes, () => parseKernelLog(dense.text)) },
      { name: 'split-dense', fn: () => mbPerS(denseBytes, () => dense.text.split('\n')) },
      { name: 'plain', fn: () => streamMBps(parseKernelLogStream, plain, counts.plain) },
      ...crafted.map((a) => ({ name: a.name, fn: () => streamMBps(parseKernelLogStream, inputs[a.name], counts[a.name]) })),
    ],
    ROUNDS,
    { log },
  );
  const adversarial = Object.fromEntries(
    crafted.map((a) => {
      const ratio = ratioOf(samples[a.name], samples.plain);
      return [a.name, { MBps: Number(median(samples[a.name]).toPrecision(3)), ratio: Number(ratio.toPrecision(3)), met: ratio >= 1 / 3, events: counts[a.name].events }];
    }),
  );
  const figures = {
    name: 'parser',
    mb: Number((bytes / MB).toFixed(1)),
    lines,
    reportLineShare: Number((reportLines / lines).toFixed(3)),
    events,
    rounds: samples.parse.length,
    parseMBps: Number(median(samples.parse).toFixed(1)),
    splitMBps: Number(median(samples.split).toFixed(1)),
    ratio: Number(ratioOf(samples.parse, samples.split).toFixed(3)),
    denseParseMBps: Number(median(samples['parse-dense']).toFixed(1)),
    denseSplitMBps: Number(median(samples['split-dense']).toFixed(1)),
    denseRatio: Number(ratioOf(samples['parse-dense'], samples['split-dense']).toFixed(3)),
    target: { minMBps: 50, minRatio: 1 / 3 },
    adversarialMB: Number((plain.bytes / MB).toFixed(2)),
    adversarialLine: LINE,
    plainMBps: Number(median(samples.plain).toPrecision(3)),
    adversarial,
    adversarialTarget: { minRatioToPlain: 1 / 3 },
  };
  figures.met = figures.parseMBps >= 50 && figures.ratio >= 1 / 3;
  figures.adversarialMet = Object.values(adversarial).every((a) => a.met);
  return {
    title: '7. Parser throughput',
    method: `parseKernelLog on a ${figures.mb} MB log: every fixture report in test/fixtures/kernel-logs, each behind ${NOISE_LINES} lines of ordinary kernel/syslog/kmsg chatter (${(figures.reportLineShare * 100).toFixed(1)}% of lines are in reports), against \`text.split('\\n')\` of the same string; interleaved rounds, median of per-round ratios. "dense" is the reports alone, repeated (every line is in a report): the worst case, no target. "adversarial" rows (security audit): parseKernelLogStream, the entry point of \`oomlab explain\`, fed 1 MiB byte chunks of ${figures.adversarialMB} MB of ${LINE}-character lines, each line the worst case of one pattern the parser once had (named in the notes), with a report opener and \`Mem-Info:\` every ${FRAME} lines; the reference is plain text (ordinary log chatter joined into lines of the same length) in the same frame, in the same rounds. Target: within 3x of plain text's time (≥ 1/3 of its MB/s).`,
    rows: [
      { label: 'split (mixed log)', samples: samples.split, unit: 'MB/s', better: 'higher', isRef: true },
      { label: 'parseKernelLog (mixed log)', samples: samples.parse, unit: 'MB/s', better: 'higher', ref: 'split (mixed log)', target: { op: '>=', ratio: 1 / 3, text: '≥ 50 MB/s and ≥ 1/3 of split' } },
      { label: 'split (reports only)', samples: samples['split-dense'], unit: 'MB/s', better: 'higher', isRef: true },
      { label: 'parseKernelLog (reports only)', samples: samples['parse-dense'], unit: 'MB/s', better: 'higher', ref: 'split (reports only)' },
      { label: 'stream: plain text', samples: samples.plain, unit: 'MB/s', better: 'higher', isRef: true },
      ...crafted.map((a) => ({
        label: `stream: adversarial ${a.name}`,
        samples: samples[a.name],
        unit: 'MB/s',
        better: 'higher',
        ref: 'stream: plain text',
        target: { op: '>=', ratio: 1 / 3, text: 'within 3x of plain text' },
      })),
    ],
    notes: [
      `${events} events per parse of the mixed log.`,
      ...crafted.map((a) => `adversarial ${a.name}: worst case of ${a.pattern}; ${counts[a.name].events} events per parse.`),
      `Figures: ${JSON.stringify(figures)}`,
    ],
    figures,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const section = await run();
  console.log(JSON.stringify(section.figures));
  console.log(renderSection(section));
  const f = section.figures;
  console.log(`parseKernelLog: ${fmt(f.parseMBps)} MB/s, split: ${fmt(f.splitMBps)} MB/s, ratio ${fmt(f.ratio)} (target >= 50 MB/s and >= 0.333): ${f.met ? 'met' : 'missed'}; reports only: ${fmt(f.denseParseMBps)} MB/s vs ${fmt(f.denseSplitMBps)} MB/s (${fmt(f.denseRatio)})`);
  console.log(`adversarial (${f.adversarialMB} MB of ${f.adversarialLine}-character lines each, parseKernelLogStream), plain text ${fmt(f.plainMBps)} MB/s:`);
  for (const [name, a] of Object.entries(f.adversarial)) {
    console.log(`  ${name.padEnd(16)} ${fmt(a.MBps).padStart(6)} MB/s  ${fmt(a.ratio)}x of plain (${fmt(1 / a.ratio)}x its time; target within 3x): ${a.met ? 'met' : 'missed'}`);
  }
}

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
// worst case (target below). Nothing here fails on a time.
//
// Adversarial rows (security audit: "quadratic regexes in the parser"): 1 MB of ~8 KB lines crafted
// as the worst case of one pattern the parser once had (nested or adjacent quantifiers over the same
// characters), run through parseKernelLogStream, the entry point of `oomlab explain`, fed 1 MiB byte
// chunks as its file stream is. Each is interleaved with plain text of the same size, line length and
// framing; target: within 3x of the plain text's time. OOMLAB_BENCH_PARSER_ADVERSARIAL=header,panic
// runs only the named rows; OOMLAB_BENCH_PARSER_LINE and OOMLAB_BENCH_PARSER_ADVERSARIAL_MB resize them
// (the old task-table header pattern was cubic: one 8 KB line took about 90 s).
//
// Dense rows (issue 15 item 6): the reports alone, repeated, in process (parseKernelLog, target
// ≥ 300 MB/s; parseKernelLogStream in 64 KiB chunks) and end to end (`oomlab explain --json` on a
// OOMLAB_BENCH_PARSER_CLI_MB (50) MB dense log into a pipe, target ≥ 150 MB/s, against `cat` of it;
// bench/parser-cli.mjs), and the CLI's peak RSS on a 4x larger log. OOMLAB_BENCH_PARSER_BASELINE=<a
// checkout with dist/ built> adds the same dense rows for that build, measured in the same rounds.
// Where the time goes on the dense log (node --cpu-prof, 2026-12-04): stripping each line's prefix and
// deciding whether a matcher could take it is now about a fifth (every line is read in place; call
// traces, registers and memcg stat lines are skipped unsliced); the matchers and the objects of each
// event (task rows, Mem-Info, the kill line) most of the rest; in process, keeping every event alive
// (parseKernelLog returns them all) costs about a third more in young-generation copying (each
// scavenge keeps ~11 of ~13 MB). End to end, JSON.stringify is ~13% and node's start-up ~0.15 s.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, interleave, median, ratioOf, renderSection, ROOT } from './lib.mjs';
import { ADVERSARIAL, FRAME, OPENER } from './parser-adversarial.mjs';
import { timePiped, writeDenseLog } from './parser-cli.mjs';

const MB = 1e6;
const TARGET_MB = Number(process.env.OOMLAB_BENCH_PARSER_MB ?? 64);
const ROUNDS = Number(process.env.OOMLAB_BENCH_ROUNDS ?? 7);
const NOISE_LINES = Number(process.env.OOMLAB_BENCH_PARSER_NOISE ?? 2000);
const FIXTURES = join(ROOT, 'test/fixtures/kernel-logs');
const ADVERSARIAL_MB = Number(process.env.OOMLAB_BENCH_PARSER_ADVERSARIAL_MB ?? 1);
const LINE = Number(process.env.OOMLAB_BENCH_PARSER_LINE ?? 8000);
const ONLY = process.env.OOMLAB_BENCH_PARSER_ADVERSARIAL?.split(',').filter(Boolean);
const CLI_MB = Number(process.env.OOMLAB_BENCH_PARSER_CLI_MB ?? 50);
const BASELINE = process.env.OOMLAB_BENCH_PARSER_BASELINE;
/** What `oomlab explain` decodes and the stream parser is fed: 64 KiB pieces. */
const STREAM_CHUNK = 1 << 16;
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

/** The least any line-by-line parser does: find each line and strip its wrapper (the parser's own
 *  stripSpan, every format it reads), keeping nothing; the ceiling of the dense rows. */
function stripEveryLine(stripSpan, text) {
  const span = { src: '', start: 0, end: 0, seconds: NaN, wall: '', rel: 0 };
  let kept = 0;
  for (let pos = 0; pos < text.length; ) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    if (stripSpan(text, pos, nl, span)) kept++;
    pos = nl + 1;
  }
  return kept;
}

function mbPerS(bytes, fn) {
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return bytes / MB / s;
}

export async function run({ log = (m) => console.error(m) } = {}) {
  const { parseKernelLog, parseKernelLogStream } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
  const { stripSpan } = await import(pathToFileURL(join(ROOT, 'dist/kernel-log/line-prefix.js')).href);
  const base = BASELINE ? await import(pathToFileURL(join(BASELINE, 'dist/index.js')).href) : undefined;
  const mixed = buildLog();
  const dense = { text: fixtures().join('').repeat(Math.ceil((TARGET_MB * MB) / 4 / fixtures().join('').length)) };
  const denseChunks = [];
  for (let i = 0; i < dense.text.length; i += STREAM_CHUNK) denseChunks.push(dense.text.slice(i, i + STREAM_CHUNK));
  const denseStream = { chunks: denseChunks, bytes: Buffer.byteLength(dense.text, 'utf8') };
  const cliLog = writeDenseLog(fixtures(), CLI_MB * MB);
  const cli = join(ROOT, 'dist/oomlab.cjs');
  const baseCli = BASELINE ? join(BASELINE, 'dist/oomlab.cjs') : undefined;
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
    if (base) mbPerS(denseBytes, () => base.parseKernelLog(dense.text));
  }
  const denseEvents = parseKernelLog(dense.text).length;
  log(`dense: ${(denseBytes / MB).toFixed(1)} MB in process (${denseEvents} events), ${(cliLog.bytes / MB).toFixed(1)} MB for the CLI (${cliLog.file})`);
  const cliRun = async (bin) => {
    const r = await timePiped(process.execPath, [bin, 'explain', '--json', cliLog.file]);
    return cliLog.bytes / MB / r.seconds;
  };
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
      { name: 'strip-dense', fn: () => mbPerS(denseBytes, () => stripEveryLine(stripSpan, dense.text)) },
      { name: 'stream-dense', fn: () => streamMBps(parseKernelLogStream, denseStream) },
      ...(base ? [{ name: 'parse-dense-base', fn: () => mbPerS(denseBytes, () => base.parseKernelLog(dense.text)) }] : []),
      { name: 'cat-cli', fn: async () => cliLog.bytes / MB / (await timePiped('cat', [cliLog.file])).seconds },
      { name: 'cli', fn: () => cliRun(cli) },
      ...(baseCli ? [{ name: 'cli-base', fn: () => cliRun(baseCli) }] : []),
      { name: 'plain', fn: () => streamMBps(parseKernelLogStream, plain, counts.plain) },
      ...crafted.map((a) => ({ name: a.name, fn: () => streamMBps(parseKernelLogStream, inputs[a.name], counts[a.name]) })),
    ],
    ROUNDS,
    // Shuffled per round (seeded): a row that always ran right after the mixed log's split would pay
    // for the garbage it left (a full GC) in every round.
    { log, shuffle: 15 },
  );
  // Memory: one run on a log 4x the size, peak RSS polled while it runs.
  const bigLog = writeDenseLog(fixtures(), 4 * CLI_MB * MB);
  let rss;
  try {
    rss = await timePiped(process.execPath, [cli, 'explain', '--json', bigLog.file], { pollRss: true });
  } finally {
    bigLog.cleanup();
    cliLog.cleanup();
  }
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
    denseEvents,
    denseTarget: { minMBps: 300 },
    denseStripMBps: Number(median(samples['strip-dense']).toFixed(1)),
    denseStreamMBps: Number(median(samples['stream-dense']).toFixed(1)),
    ...(base ? { denseBaselineMBps: Number(median(samples['parse-dense-base']).toFixed(1)), denseVsBaseline: Number(ratioOf(samples['parse-dense'], samples['parse-dense-base']).toFixed(3)) } : {}),
    cliMB: Number((cliLog.bytes / MB).toFixed(1)),
    catMBps: Number(median(samples['cat-cli']).toFixed(1)),
    cliMBps: Number(median(samples.cli).toFixed(1)),
    cliRatioToCat: Number(ratioOf(samples.cli, samples['cat-cli']).toFixed(4)),
    cliTarget: { minMBps: 150 },
    ...(baseCli ? { cliBaselineMBps: Number(median(samples['cli-base']).toFixed(1)), cliVsBaseline: Number(ratioOf(samples.cli, samples['cli-base']).toFixed(3)) } : {}),
    bigLogMB: Number(((4 * cliLog.bytes) / MB).toFixed(0)),
    bigLogPeakRssMiB: Number((rss.peakKb / 1024).toFixed(0)),
    bigLogMBps: Number((4 * cliLog.bytes / MB / rss.seconds).toFixed(1)),
    target: { minMBps: 50, minRatio: 1 / 3 },
    adversarialMB: Number((plain.bytes / MB).toFixed(2)),
    adversarialLine: LINE,
    plainMBps: Number(median(samples.plain).toPrecision(3)),
    adversarial,
    adversarialTarget: { minRatioToPlain: 1 / 3 },
  };
  figures.met = figures.parseMBps >= 50 && figures.ratio >= 1 / 3;
  figures.denseMet = figures.denseParseMBps >= 300;
  figures.cliMet = figures.cliMBps >= 150;
  figures.adversarialMet = Object.values(adversarial).every((a) => a.met);
  return {
    title: '7. Parser throughput',
    method: `Rows run in a shuffled order each round (seeded). Dense rows (issue 15): the fixture reports alone, repeated (every line in a report), in process and end to end through \`oomlab explain --json\` (see the notes); targets ≥ 300 MB/s in process and ≥ 150 MB/s end to end. parseKernelLog on a ${figures.mb} MB log: every fixture report in test/fixtures/kernel-logs, each behind ${NOISE_LINES} lines of ordinary kernel/syslog/kmsg chatter (${(figures.reportLineShare * 100).toFixed(1)}% of lines are in reports), against \`text.split('\\n')\` of the same string; interleaved rounds, median of per-round ratios. "adversarial" rows (security audit): parseKernelLogStream, the entry point of \`oomlab explain\`, fed 1 MiB byte chunks of ${figures.adversarialMB} MB of ${LINE}-character lines, each line the worst case of one pattern the parser once had (named in the notes), with a report opener and \`Mem-Info:\` every ${FRAME} lines; the reference is plain text (ordinary log chatter joined into lines of the same length) in the same frame, in the same rounds. Target: within 3x of plain text's time (≥ 1/3 of its MB/s).`,
    rows: [
      { label: 'split (mixed log)', samples: samples.split, unit: 'MB/s', better: 'higher', isRef: true },
      { label: 'parseKernelLog (mixed log)', samples: samples.parse, unit: 'MB/s', better: 'higher', ref: 'split (mixed log)', target: { op: '>=', ratio: 1 / 3, text: '≥ 50 MB/s and ≥ 1/3 of split' } },
      { label: 'split (reports only)', samples: samples['split-dense'], unit: 'MB/s', better: 'higher', isRef: true },
      { label: "every line's wrapper stripped, nothing else (reports only)", samples: samples['strip-dense'], unit: 'MB/s', better: 'higher', ref: 'split (reports only)' },
      { label: 'parseKernelLog (reports only)', samples: samples['parse-dense'], unit: 'MB/s', better: 'higher', ref: 'split (reports only)', target: { op: '>=', value: 300 } },
      ...(base ? [{ label: 'parseKernelLog (reports only), baseline build', samples: samples['parse-dense-base'], unit: 'MB/s', better: 'higher', ref: 'split (reports only)' }] : []),
      { label: 'parseKernelLogStream (reports only, 64 KiB chunks)', samples: samples['stream-dense'], unit: 'MB/s', better: 'higher', ref: 'split (reports only)' },
      { label: `cat into a pipe (dense log, ${figures.cliMB} MB)`, samples: samples['cat-cli'], unit: 'MB/s', better: 'higher', isRef: true },
      { label: `oomlab explain --json into a pipe (dense log, ${figures.cliMB} MB)`, samples: samples.cli, unit: 'MB/s', better: 'higher', ref: `cat into a pipe (dense log, ${figures.cliMB} MB)`, target: { op: '>=', value: 150 } },
      ...(baseCli ? [{ label: `oomlab explain --json into a pipe (dense log, ${figures.cliMB} MB), baseline build`, samples: samples['cli-base'], unit: 'MB/s', better: 'higher', ref: `cat into a pipe (dense log, ${figures.cliMB} MB)` }] : []),
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
      `${events} events per parse of the mixed log; ${denseEvents} per parse of the ${(denseBytes / MB).toFixed(1)} MB dense text (every fixture, repeated: each line is in a report).`,
      `"Every line's wrapper stripped, nothing else": each line of the dense text found (indexOf) and its wrapper removed by the parser's own stripSpan (src/kernel-log/line-prefix.ts: every timestamp, syslog, journal, dmesg -x and container format the parser reads), keeping nothing. Any parser that reads a log line by line does at least this, so it bounds the dense rows from above: ${figures.denseStripMBps < 300 ? `at ${fmt(figures.denseStripMBps)} MB/s for this alone, the 300 MB/s target is out of reach of this design in this run, however fast the rest becomes` : `at ${fmt(figures.denseStripMBps)} MB/s, this alone takes ${fmt((100 * 300) / figures.denseStripMBps)}% of the time the 300 MB/s target allows, and parseKernelLog took ${fmt(figures.denseStripMBps / figures.denseParseMBps)}x its time`}. The end-to-end row adds the process's start, reading, UTF-8 decoding and writing the JSON to the same per-line work.`,
      'The fixtures changed on 2026-12-05 (evening): journalctl -o json and json-seq captures were added, 39% of the fixtures\' bytes, each of whose lines is one JSON.parse (and the dmesg -H, -d and delta captures). The dense text is every fixture, so its figures from before and after are of different texts: the strip row fell from 639 to about 300 MB/s with them, the parse row stayed near 130 MB/s. On 2026-12-06 four captures were added (journalctl -o short-full, rsyslog\'s RFC 5424, `dmesg -w | ts`, BusyBox syslogd: 3% of the bytes) with the readers of their formats; in one process against the build before them, interleaved, the parse was 1.06x as fast on the fixtures of before (a journal JSON line lost its Date formatting) and 1.01x on all of them, now parsing their 136 more events. Later that day the text parsers began joining lines a mail client or a terminal wrapped in a pasted report (src/kernel-log/wrapped-lines.ts); in one process against the build before, interleaved, the dense parse was 0.93 to 0.95x as fast and the mixed log 0.99 to 1.00x.',
      'The in-process dense rows run in the same process as the mixed log, whose parse leaves V8 with code tuned for it: on 2026-12-05 an 8 MB dense text parsed at 135 to 163 MB/s in a process of its own (after warm-up) and at 88 to 96 MB/s when each parse followed one of a 32 MB mixed log (`oomlab explain` parses one log per process). Either is short of 300 MB/s.',
      `End to end: a new \`node dist/oomlab.cjs explain --json\` process per round on a ${figures.cliMB} MB dense log file, stdout into a pipe this process drains, timed from spawn to exit (start-up included); MB/s of input. Peak RSS of one run on a ${figures.bigLogMB} MB dense log: ${figures.bigLogPeakRssMiB} MiB (${figures.bigLogMBps} MB/s).`,
      ...(base ? [`Baseline build: ${BASELINE} (its dist/), dense rows measured in the same rounds: parseKernelLog ${fmt(figures.denseVsBaseline)}x of it${baseCli ? `, explain --json ${fmt(figures.cliVsBaseline)}x` : ''}.`] : []),
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
  console.log(`parseKernelLog: ${fmt(f.parseMBps)} MB/s, split: ${fmt(f.splitMBps)} MB/s, ratio ${fmt(f.ratio)} (target >= 50 MB/s and >= 0.333): ${f.met ? 'met' : 'missed'}; reports only: ${fmt(f.denseParseMBps)} MB/s vs ${fmt(f.denseSplitMBps)} MB/s (${fmt(f.denseRatio)}; target >= 300 MB/s: ${f.denseMet ? 'met' : 'missed'})`);
  console.log(`explain --json, ${f.cliMB} MB dense: ${fmt(f.cliMBps)} MB/s, cat ${fmt(f.catMBps)} MB/s (target >= 150 MB/s: ${f.cliMet ? 'met' : 'missed'}); peak RSS on ${f.bigLogMB} MB: ${f.bigLogPeakRssMiB} MiB`);
  console.log(`adversarial (${f.adversarialMB} MB of ${f.adversarialLine}-character lines each, parseKernelLogStream), plain text ${fmt(f.plainMBps)} MB/s:`);
  for (const [name, a] of Object.entries(f.adversarial)) {
    console.log(`  ${name.padEnd(16)} ${fmt(a.MBps).padStart(6)} MB/s  ${fmt(a.ratio)}x of plain (${fmt(1 / a.ratio)}x its time; target within 3x): ${a.met ? 'met' : 'missed'}`);
  }
}

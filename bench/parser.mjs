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
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fmt, interleave, median, ratioOf, renderSection, ROOT } from './lib.mjs';

const MB = 1e6;
const TARGET_MB = Number(process.env.OOMLAB_BENCH_PARSER_MB ?? 64);
const ROUNDS = Number(process.env.OOMLAB_BENCH_ROUNDS ?? 7);
const NOISE_LINES = Number(process.env.OOMLAB_BENCH_PARSER_NOISE ?? 2000);
const FIXTURES = join(ROOT, 'test/fixtures/kernel-logs');

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

function mbPerS(bytes, fn) {
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return bytes / MB / s;
}

export async function run({ log = (m) => console.error(m) } = {}) {
  const { parseKernelLog } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
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
  const samples = await interleave(
    [
      { name: 'parse', fn: () => mbPerS(bytes, () => parseKernelLog(mixed.text)) },
      { name: 'split', fn: () => mbPerS(bytes, () => mixed.text.split('\n')) },
      { name: 'parse-dense', fn: () => mbPerS(denseBytes, () => parseKernelLog(dense.text)) },
      { name: 'split-dense', fn: () => mbPerS(denseBytes, () => dense.text.split('\n')) },
    ],
    ROUNDS,
    { log },
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
  };
  figures.met = figures.parseMBps >= 50 && figures.ratio >= 1 / 3;
  return {
    title: '7. Parser throughput',
    method: `parseKernelLog on a ${figures.mb} MB log: every fixture report in test/fixtures/kernel-logs, each behind ${NOISE_LINES} lines of ordinary kernel/syslog/kmsg chatter (${(figures.reportLineShare * 100).toFixed(1)}% of lines are in reports), against \`text.split('\\n')\` of the same string; interleaved rounds, median of per-round ratios. "dense" is the reports alone, repeated (every line is in a report): the worst case, no target.`,
    rows: [
      { label: 'split (mixed log)', samples: samples.split, unit: 'MB/s', better: 'higher', isRef: true },
      { label: 'parseKernelLog (mixed log)', samples: samples.parse, unit: 'MB/s', better: 'higher', ref: 'split (mixed log)', target: { op: '>=', ratio: 1 / 3, text: '≥ 50 MB/s and ≥ 1/3 of split' } },
      { label: 'split (reports only)', samples: samples['split-dense'], unit: 'MB/s', better: 'higher', isRef: true },
      { label: 'parseKernelLog (reports only)', samples: samples['parse-dense'], unit: 'MB/s', better: 'higher', ref: 'split (reports only)' },
    ],
    notes: [`${events} events per parse of the mixed log.`, `Figures: ${JSON.stringify(figures)}`],
    figures,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const section = await run();
  console.log(JSON.stringify(section.figures));
  console.log(renderSection(section));
  const f = section.figures;
  console.log(`parseKernelLog: ${fmt(f.parseMBps)} MB/s, split: ${fmt(f.splitMBps)} MB/s, ratio ${fmt(f.ratio)} (target >= 50 MB/s and >= 0.333): ${f.met ? 'met' : 'missed'}; reports only: ${fmt(f.denseParseMBps)} MB/s vs ${fmt(f.denseSplitMBps)} MB/s (${fmt(f.denseRatio)})`);
}

// Writes the derived kernel-log fixtures (test/fixtures/kernel-logs/derived-*.txt, issue 15 item 5):
// one real report, captured on the development host with `dmesg -x` and `dmesg --time-format iso`
// (local-6.18-memcg-v1-stats.dmesg-x.txt and .dmesg-iso.txt, the same 79 lines), re-printed line by
// line in the formats no real OOM sample was found for: journalctl -o short-precise, short-iso,
// short-monotonic and verbose, a CRI container log line and Docker's json-file line, and all of them
// mixed in one file. Each line keeps its real text, kernel time, wall time and level; only the
// wrapper is applied, exactly as those tools print it. Run: node scripts/derive-kernel-log-fixtures.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../test/fixtures/kernel-logs/', import.meta.url));
const HOST = 'oomlab-dev';
const BOOT = '65c88922c4b5449a95f86d8d7fdf9580';
const MACHINE = '0d4f35dc451749ecad3ae466d7cbf09a';
const PRIORITY = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, notice: 5, info: 6, debug: 7 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function lines(name) {
  return readFileSync(DIR + name, 'utf8').replace(/\n$/, '').split('\n');
}

/** The real lines: text, dmesg -x level, seconds as printed, and the wall time as a Date plus microseconds. */
function capture() {
  const x = lines('local-6.18-memcg-v1-stats.dmesg-x.txt');
  const iso = lines('local-6.18-memcg-v1-stats.dmesg-iso.txt');
  if (x.length !== iso.length) throw new Error('the two captures differ in length');
  return x.map((line, i) => {
    const m = /^kern {2}:(\w+) *: \[ *(\d+\.\d{6})\] (.*)$/.exec(line);
    const w = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d{6})\+00:00 (.*)$/.exec(iso[i] ?? '');
    if (!m || !w || m[3] !== w[3]) throw new Error(`line ${i + 1} does not match its iso twin`);
    return { level: m[1], seconds: m[2], text: m[3], date: new Date(`${w[1]}Z`), usec: w[2] };
  });
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const clock = (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const ymd = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

// journalctl prints the day zero-padded (`Dec 04`), unlike syslog's `Dec  4`.
const FORMATS = {
  'journal-short-precise': (l) => `${MONTHS[l.date.getUTCMonth()]} ${pad(l.date.getUTCDate())} ${clock(l.date)}.${l.usec} ${HOST} kernel: ${l.text}`,
  'journal-short-iso': (l) => `${ymd(l.date)}T${clock(l.date)}+00:00 ${HOST} kernel: ${l.text}`,
  'journal-short-monotonic': (l) => `[${l.seconds.padStart(12)}] ${HOST} kernel: ${l.text}`,
  'journal-verbose': (l, i) => {
    const micros = l.seconds.replace('.', '').replace(/^0+/, '');
    const realtime = (BigInt(l.date.getTime()) * 1000n + BigInt(l.usec)).toString(16);
    return [
      `${DAYS[l.date.getUTCDay()]} ${ymd(l.date)} ${clock(l.date)}.${l.usec} UTC [s=4180d79441bd4539bc3992ce20aa83ba;i=${(0x1a2b + i).toString(16)};b=${BOOT};m=${Number(micros).toString(16)};t=${realtime};x=${(0xfde612134042eb16n ^ BigInt(i)).toString(16)}]`,
      `    _SOURCE_MONOTONIC_TIMESTAMP=${micros}`,
      '    _TRANSPORT=kernel',
      `    PRIORITY=${PRIORITY[l.level]}`,
      '    SYSLOG_FACILITY=0',
      '    SYSLOG_IDENTIFIER=kernel',
      `    MESSAGE=${l.text}`,
      `    _BOOT_ID=${BOOT}`,
      `    _MACHINE_ID=${MACHINE}`,
      `    _HOSTNAME=${HOST}`,
      '    _RUNTIME_SCOPE=system',
    ].join('\n');
  },
  // A pod that ran `dmesg` (kubectl debug node/... -- dmesg): its stdout as the CRI log file holds it.
  'cri-dmesg': (l) => `${ymd(l.date)}T${clock(l.date)}.${l.usec}000Z stdout F [${l.seconds.padStart(12)}] ${l.text}`,
  // The same under Docker's json-file driver.
  'docker-json-dmesg': (l) => JSON.stringify({ log: `[${l.seconds.padStart(12)}] ${l.text}\n`, stream: 'stdout', time: `${ymd(l.date)}T${clock(l.date)}.${l.usec}000Z` }),
};

/** Every format above, and the real ones (dmesg, dmesg -x, dmesg --time-format iso), in turn. */
const REAL = [(l) => `[${l.seconds.padStart(12)}] ${l.text}`, (l) => `kern  :${l.level.padEnd(6)}: [${l.seconds.padStart(12)}] ${l.text}`, (l) => `${ymd(l.date)}T${clock(l.date)},${l.usec}+00:00 ${l.text}`];

const captured = capture();
for (const [name, format] of Object.entries(FORMATS)) {
  writeFileSync(`${DIR}derived-6.18-memcg-v1-stats.${name}.txt`, `${captured.map(format).join('\n')}\n`);
}
const mixed = [...Object.values(FORMATS), ...REAL];
writeFileSync(`${DIR}derived-6.18-memcg-v1-stats.mixed.txt`, `${captured.map((l, i) => mixed[i % mixed.length](l, i)).join('\n')}\n`);

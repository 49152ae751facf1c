// `npm run bench`: runs every benchmark module in bench/ and rewrites bench/RESULTS.md (issue 7).
//
//   npm run bench                    all of them (about 15 minutes on the 2-core test machine)
//   node bench/run.mjs fault-in      only the named ones, printed to stdout (RESULTS.md is left alone)
//   OOMLAB_BENCH_ROUNDS=9 npm run bench
//
// Each module exports `async function run(opts)` and returns a section (see lib.mjs for its shape);
// each can also be run alone (`node bench/fault-in.mjs`). Each runs in a node process of its own
// (runInOwnProcess); a missing or failing module is skipped with a note.
// Benchmarks are not tests: nothing here fails on a time, and nothing in `npm test` runs this.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT, cleanupSync, fmt, machineInfo, renderSection, summarize } from './lib.mjs';

const MODULES = [
  { file: 'fault-in.mjs', title: '1. Fault-in throughput' },
  { file: 'time-to-oom.mjs', title: '2. Time to OOM' },
  { file: 'sampler.mjs', title: '3. Sampler cost' }, // interleaves its own rounds
  { file: 'oom-latency.mjs', title: '4. OOM detection latency' },
  { file: 'scale.mjs', title: '5. Scale' },
  { file: 'startup.mjs', title: '6. Start-up' },
  { file: 'parser.mjs', title: '7. Parser throughput' },
  { file: 'vm-boot.mjs', title: 'VM boot' },
  { file: 'lab.mjs', title: 'Settings lab' },
  { file: 'replay.mjs', title: 'Replay' },
];

/** The argument that makes this script the child of runInOwnProcess. */
const CHILD = '--section-process';

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

function isSection(result) {
  return result && typeof result === 'object' && (Array.isArray(result.rows) || typeof result.markdown === 'string');
}

/** A module that returns flat figures (one object per run) gets a table: each numeric figure's median
 *  and range over the runs, the other fields as the last run gave them. */
function figuresSection(title, results) {
  const keys = Object.keys(results[0] ?? {});
  const lines = [`${results.length} run(s) of the module's own run(); median and range of each figure.`, '', '| figure | median | min – max | runs |', '|---|---|---|---|'];
  for (const k of keys) {
    const vals = results.map((r) => r[k]);
    if (vals.every((v) => typeof v === 'number')) {
      const sm = summarize(vals);
      lines.push(`| ${k} | ${fmt(sm.median)} | ${fmt(sm.min)} – ${fmt(sm.max)} | ${sm.runs} |`);
    } else if (vals.every((v) => typeof v === 'boolean')) {
      lines.push(`| ${k} | ${vals.filter(Boolean).length} of ${vals.length} true | | |`);
    } else {
      lines.push(`| ${k} | ${JSON.stringify(vals.at(-1)).replace(/\|/g, '\\|')} | | |`);
    }
  }
  return { title, markdown: lines.join('\n') };
}

/** A colleague's module may return a section (see lib.mjs), a Markdown string, or flat figures. */
function asSection(title, results) {
  const result = results.at(-1);
  if (isSection(result)) return { title, ...result };
  if (typeof result === 'string') return { title, markdown: result };
  if (result && typeof result === 'object') return figuresSection(title, results);
  return { title, markdown: `Result as returned by the module: \`${String(result)}\`` };
}

// Why: each module runs in a node process of its own, as each `oomlab run` of a user does, so no section
// inherits another's heap, threads or compiled code. (Whether that had skewed scale's setup figures,
// 2.31 and 2.40 ms in a full run against 1.67 to 1.82 alone, the runs since did not settle.)
async function runInOwnProcess(path, repeat) {
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-bench-section-'));
  const out = join(dir, 'results.json');
  try {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), CHILD, path, String(repeat), out], { stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise((resolve) => child.once('exit', (c, sig) => resolve(sig ?? c)));
    if (!existsSync(out)) throw new Error(`its process ended (${code}) without results`);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    if (data.error) throw new Error(data.error);
    return data.results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The child's side: run the module, write what it returned (or why it failed) for the parent.
async function child(path, repeat, out) {
  try {
    const mod = await import(pathToFileURL(path).href);
    if (typeof mod.run !== 'function') throw new Error('it exports no run() function');
    const results = [];
    for (let i = 0; i < repeat; i++) {
      results.push(await mod.run({ log }));
      if (isSection(results[0])) break; // a section already holds its own runs
    }
    writeFileSync(out, JSON.stringify({ results }));
  } catch (err) {
    log(`bench: ${path} failed: ${err?.stack ?? err}`);
    writeFileSync(out, JSON.stringify({ error: String(err?.message ?? err) }));
  }
}

async function main() {
  const only = process.argv.slice(2);
  const started = new Date();
  const t0 = Date.now();
  const machine = machineInfo();
  const sections = [];
  for (const m of MODULES) {
    const name = m.file?.replace(/\.mjs$/, '');
    if (only.length && !only.includes(name)) continue;
    if (!m.file) {
      sections.push({ title: m.title, markdown: `Not measured yet: ${m.pending}` });
      continue;
    }
    const path = join(ROOT, 'bench', m.file);
    if (!existsSync(path)) {
      log(`bench: ${m.file} is not there; skipped`);
      sections.push({ title: m.title, markdown: `Skipped: \`bench/${m.file}\` does not exist yet.` });
      continue;
    }
    const t = Date.now();
    log(`bench: ${m.file}`);
    try {
      const results = await runInOwnProcess(path, m.repeat ?? 1);
      const section = asSection(results[0]?.title ?? m.title, results);
      section.notes = [...(section.notes ?? []), `(${((Date.now() - t) / 1000).toFixed(0)} s)`];
      if (section.markdown) section.markdown += `\n\n(${((Date.now() - t) / 1000).toFixed(0)} s)`;
      sections.push(section);
    } catch (err) {
      log(`bench: ${m.file} failed: ${err?.stack ?? err}`);
      sections.push({ title: m.title, markdown: `Skipped: \`bench/${m.file}\` failed: ${String(err?.message ?? err).split('\n')[0]}` });
    } finally {
      cleanupSync();
    }
  }
  const minutes = ((Date.now() - t0) / 60000).toFixed(1);
  const md = [
    '# oomlab benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${started.toISOString().replace('T', ' ').replace(/\..*/, ' UTC')}; the run took ${minutes} min.`,
    'Do not edit by hand: run the bench again. Benchmarks are not tests: nothing in `npm test` asserts a time.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; RAM ${machine.ramGiB} GiB; swap: ${machine.swap}`,
    `- Kernel ${machine.kernel}; transparent huge pages: ${machine.thp}`,
    `- ${machine.virt}`,
    `- Node ${machine.node}; stress-ng: ${machine.stressNg}`,
    `- Load average when the run started: ${machine.loadavg} (other work shares this machine)`,
    '',
    '## How to read this',
    '',
    '- Every figure is the **median** over several runs; *spread* is (max − min) / median; *runs* counts successful runs.',
    '- Every comparison is a **ratio against a reference measured in the same invocation**, with the variants',
    '  interleaved (A B C … A B C …), and the ratio is the median of the per-round ratios. Absolute times on this',
    '  noisy, shared machine mean little on their own.',
    '- stress-ng comes from Debian\'s package (`apt-get install stress-ng`); without it its comparisons are skipped, saying so.',
    '',
    ...sections.map(renderSection),
  ].join('\n');
  if (only.length) {
    process.stdout.write(`${md}\n`);
    return;
  }
  const out = join(ROOT, 'bench/RESULTS.md');
  writeFileSync(out, `${md}\n`);
  log(`bench: wrote ${out} (${minutes} min)`);
}

if (process.argv[2] === CHILD) await child(process.argv[3], Number(process.argv[4]), process.argv[5]).finally(cleanupSync);
else await main().finally(cleanupSync);

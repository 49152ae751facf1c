import type { Command } from 'commander';
import { join } from 'node:path';
import { HOG_DEFAULTS, normalizeHogOptions, type HogOptionsInput } from '../../engine/options.js';
import type { HogResult } from '../../engine/hog-result.js';
import type { HogSample } from '../../engine/run-executable.js';
import { formatDuration, parseDuration } from '../../units/duration.js';
import { formatSize, parseSize } from '../../units/size.js';
import type { Register } from '../run-cli.js';
import { collect, parseInteger } from '../options-util.js';
import { stripControl } from '../../report/escape.js';
import { fitLine } from '../live-lines.js';

interface HogFlags {
  block?: string;
  total?: string;
  count?: string;
  touch?: string;
  interval?: string;
  allocator?: string;
  onFail?: string;
  after?: string;
  hold?: string;
  rewrite?: string;
  human?: boolean;
  rlimitAs?: string;
  oomScoreAdj?: string;
  cgroup?: string[];
  sample?: string;
  json?: boolean;
}

// The defaults shown here are HOG_DEFAULTS, applied by normalizeHogOptions: a flag left out stays
// undefined until then, so the help and the run cannot disagree.
const d = HOG_DEFAULTS;

// Why: `oomlab hog` is the article's test_mem/test_mem2 with every knob named, watched through /proc.
export const registerHog: Register = (program: Command) => {
  program
    .command('hog')
    .description("allocate memory like the article's test_mem (untouched) or test_mem2 (touched), and watch VSZ and RSS")
    .option('--block <size>', `block size (binary units: K, M, G) (default: ${formatSize(d.blockBytes)})`)
    .option('--total <size>', 'stop after this many bytes (default: until allocation fails)')
    .option('--count <n>', 'stop after this many blocks')
    .option('--touch <mode>', `none | memset | pages | a fraction 0..1 of each block (default: ${d.touch})`)
    .option('--interval <duration>', `pause between blocks (0 for none) (default: ${formatDuration(d.intervalNs)}, as in the article)`)
    .option('--allocator <kind>', `malloc | mmap | populate (mmap + MADV_HUGEPAGE, prefaulted) (default: ${d.allocator})`)
    .option('--on-fail <action>', `exit | hold (the article: print Malloc Fail and keep everything) | retry (default: ${d.onFail})`)
    .option('--after <action>', `hold | free, once the target is reached (default: ${d.after})`)
    .option('--hold <duration>', 'how long to hold (default: until Ctrl-C)')
    .option('--rewrite <duration>', 'while holding, re-touch everything this often (keeps pages hot)')
    .option('--human', "print the article's `Mem Total N MiB` line per block")
    .option('--rlimit-as <size>', 'RLIMIT_AS for the hog (3G reproduces the 32-bit box)')
    .option('--oom-score-adj <n>', 'the hog\'s oom_score_adj, -1000..1000')
    .option('--cgroup <dir>', 'join this cgroup (its cgroup.procs) before the first allocation; repeatable', collect)
    .option('--sample <duration>', 'how often to read /proc/<pid>/status', '50ms')
    .option('--json', 'print one JSON object with the result')
    .action(async (flags: HogFlags) => {
      const input: HogOptionsInput = {
        block: flags.block,
        total: flags.total,
        count: flags.count,
        touch: flags.touch,
        interval: flags.interval,
        allocator: flags.allocator,
        onFail: flags.onFail,
        after: flags.after,
        hold: flags.hold,
        rewrite: flags.rewrite,
        human: flags.human ?? false,
      };
      const options = normalizeHogOptions(input, (key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      const sampleNs = parseDuration(flags.sample, '--sample');
      const setup = {
        rlimitAsBytes: flags.rlimitAs === undefined ? undefined : parseSize(flags.rlimitAs, '--rlimit-as'),
        oomScoreAdj: parseInteger(flags.oomScoreAdj, '--oom-score-adj', -1000, 1000),
        cgroupProcs: (flags.cgroup ?? []).map((dir) => join(dir, 'cgroup.procs')),
      };
      const abort = new AbortController();
      const onSigint = (): void => abort.abort();
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      const live = !flags.json && process.stderr.isTTY ? (s: HogSample) => liveLine(s) : undefined;
      if (live && options.holdNs === undefined && options.after === 'hold') process.stderr.write('holding after the target until Ctrl-C\n');
      try {
        const { runHogExecutable } = await import('../../engine/run-executable.js');
        const result = await runHogExecutable(options, setup, {
          sampleMs: Math.max(1, sampleNs / 1e6),
          onSample: live,
          signal: abort.signal,
          stdout: process.stdout,
        });
        if (live) process.stderr.write('\r\x1b[K');
        process.stdout.write(flags.json ? `${JSON.stringify(toJson(result))}\n` : `${summary(result)}\n`);
        process.exitCode = result.outcome === 'error' ? 3 : result.outcome === 'killed' && !abort.signal.aborted ? 1 : 0;
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
    });
};

function liveLine(s: HogSample): void {
  const r = s.record;
  const text = `  ${r?.phase ?? 'start'}  allocated ${formatSize(r?.allocatedBytes ?? 0)}  touched ${formatSize(r?.touchedBytes ?? 0)}  VSZ ${formatSize(s.vszBytes)}  RSS ${formatSize(s.rssBytes)}`;
  process.stderr.write(`\r\x1b[K${fitLine(text, process.stderr.columns)}`);
}

function toJson(r: HogResult): Record<string, unknown> {
  return { ...r, signal: r.signal ?? null, exitCode: r.exitCode ?? null };
}

function summary(r: HogResult): string {
  const lines = [
    `outcome    ${r.outcome}${r.signal ? ` (${r.signal})` : ''}${r.exitCode !== undefined ? ` exit code ${r.exitCode}` : ''}`,
    `allocated  ${formatSize(r.allocatedBytes)} in ${r.blocks} blocks`,
    `touched    ${formatSize(r.touchedBytes)}`,
    `VSZ        ${formatSize(r.startVszBytes)} at start, peak ${formatSize(r.peakVszBytes)}`,
    `RSS        ${formatSize(r.startRssBytes)} at start, peak ${formatSize(r.peakRssBytes)}`,
    `elapsed    ${(r.elapsedMs / 1000).toFixed(2)}s`,
  ];
  if (r.failure) lines.push(`Malloc Fail: ${r.failure.syscall} failed with ${r.failure.code} after ${formatSize(r.failure.afterBytes)}`);
  if (r.error) lines.push(`error      ${stripControl(r.error)}`);
  return lines.join('\n');
}

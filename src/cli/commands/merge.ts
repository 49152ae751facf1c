import type { Command } from 'commander';
import type { Register } from '../run-cli.js';

interface MergeFlags {
  html?: string;
  junit?: string;
  json?: string;
}

// Why: `oomlab merge` is how a fleet uses oomlab: each machine runs `oomlab run --json` (a CI matrix,
// Kubernetes Jobs) and this folds the files into one page and one JUnit file. Exit codes as `run`'s:
// 0 every run passed, 1 one failed (or an output could not be written), 2 bad input, nothing written.
export const registerMerge: Register = (program: Command) => {
  program
    .command('merge')
    .description('fold results of many machines or runs into one report: a table per scenario, each run\'s charts, a JUnit testsuite per host')
    .argument('<result...>', 'result files (oomlab run --json, oomlab vm run --json, or an earlier oomlab merge --json); NAME=FILE labels a file\'s runs (default: host name@kernel)')
    .option('--html <file>', 'write one self-contained HTML page: a table per scenario (host x outcome, victim, peaks), then each run\'s charts')
    .option('--junit <file>', 'write JUnit XML, one testsuite per host, one test case per expectation')
    .option('--json <file>', 'write the merged runs (schema oomlab/merged@1), which oomlab merge reads again')
    .action(async (args: string[], flags: MergeFlags) => {
      // Loaded on use, as every command's heavy part is (see run.ts).
      const [{ readMergeInputs }, { formatMergedSummary, mergedJson, renderMergedHtml, renderMergedJunit }, { checkOutputFiles, writeOutput }] = await Promise.all([
        import('../../merge/read-input.js'),
        import('../../merge/reports.js'),
        import('../output/write-output.js'),
      ]);
      checkOutputFiles([['--html', flags.html], ['--junit', flags.junit], ['--json', flags.json]]);
      const merged = readMergeInputs(args);
      if (flags.json) writeOutput('--json', flags.json, mergedJson(merged));
      if (flags.html) writeOutput('--html', flags.html, renderMergedHtml(merged));
      if (flags.junit) writeOutput('--junit', flags.junit, renderMergedJunit(merged));
      process.stdout.write(`${formatMergedSummary(merged)}\n`);
      process.exitCode = merged.runs.every((r) => r.result.verdict === 'pass') ? 0 : 1;
    });
};

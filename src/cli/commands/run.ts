import { Option, type Command } from 'commander';
import { claimsSignals, type Register } from '../run-cli.js';
import type { RunFlags } from './run-action.js';

// Why: `oomlab run` is the scenario runner's front door: it exits 0 when every expectation holds,
// 1 when one fails, 2 for bad input and 3 when this machine cannot run the scenario.
export const registerRun: Register = (program: Command) => {
  const command = program
    .command('run')
    .description('run scenarios (files, or names of built-in ones) in memory-limited cgroups and check their expectations')
    .argument('<scenario...>', 'built-in scenario names (oomlab list), or files: paths with a / or ending in .yaml, .yml or .json (./touched-oom is a file, touched-oom the built-in)')
    .option('--json <file>', 'write the result as JSON (schema oomlab/result@2)')
    .option('--html <file>', 'write a self-contained HTML report (charts of RSS, VSZ and swap; OOM kills with the kernel\'s report)')
    .option('--junit <file>', 'write JUnit XML, one test case per expectation')
    .option('--out <dir>', "write result.json, report.html and each participant's whole stdout and stderr (<name>.stdout, <name>.stderr, up to 8 MiB each) into this directory (made if missing; run-1, run-2... inside for several runs)")
    // What `oomlab vm run --out` asks of its guest: the participants' output files only (the host
    // writes result.json and report.html itself, from the result it checked).
    .addOption(new Option('--output-files <dir>', "write only the participants' output files into this directory").hideHelp())
    .option('--matrix <key=values>', 'run once per value and compare: swappiness=0,60,100 | swap=0,256M,1G | memory=128M,256M | oomScoreAdj.PARTICIPANT=0,-500')
    .option('--find-limit <key[=LOW..HIGH]>', 'find the smallest memory (or swap) limit at which every expectation still passes, by real runs: memory=32M..512M (HIGH defaults to the scenario\'s limit, LOW to the step)')
    .option('--group <name>', 'with --find-limit: search this group\'s limit instead of the run\'s cgroup')
    .option('--step <size>', 'with --find-limit: the resolution of the answer (default 4M)')
    .option('--repeat <n>', 'with --find-limit: runs per value; a value holds when all of them pass (default 1)')
    .option('--cgroup-parent <path>', 'make the run\'s cgroups under this cgroup instead of the harness\'s own')
    .option('--allow-unbounded', 'run participants that no cgroup memory limit bounds')
    .option('--allow-host-swappiness', 'on cgroup v2, let a swappiness limit change vm.swappiness for the run (restored afterwards)')
    // The action's module is loaded on use: `oomlab --version` and the other commands never load the runner.
    .action(async (scenarios: string[], flags: RunFlags) => (await import('./run-action.js')).runAction(scenarios, flags));
  // It takes SIGINT/SIGTERM over from the bin (signal-hold.ts), in its action: a run cleans up after itself.
  claimsSignals.add(command);
};

import type { Command } from 'commander';
import { claimsSignals, type Register } from '../run-cli.js';
import type { ReplayFlags } from './replay-action.js';

// Why: an on-call engineer holding a dmesg wants to see the kill happen again, on the same shape,
// and then try a fix: `oomlab replay` turns the report's task table into a scenario and runs it.
// Exit 0 reproduced, 1 not reproduced, 2 bad input, 3 this machine cannot run it.
export const registerReplay: Register = (program: Command) => {
  const command = program
    .command('replay')
    .description("replay an OOM kill from its kernel report: the report's tasks as hogs, in a VM (global OOM) or a cgroup (memcg OOM), and say whether the same task was killed")
    .argument('<log>', 'the kernel log (dmesg, journal, syslog...); - reads stdin')
    .option('--event <n>', 'which OOM event of the log (default: the first with a task table)')
    .option('--scale <s>', 'auto, or a factor such as 1, 1/8 or 0.125 for every size of the report', 'auto')
    .option('--top <n>', 'at most this many tasks as participants; the rest is folded into one', '12')
    .option('--write <file.yaml>', 'save the generated scenario (runs unchanged with oomlab run / oomlab vm run)')
    .option('--no-run', 'only generate (and --write) the scenario')
    .option('--cgroup <version>', 'memcg events: v1 runs in a cgroup on this host, v2 in a VM with cgroup v2')
    .option('--kernel <path>', "the VM's kernel image")
    .option('--json <file>', 'write the replay as JSON (oomlab/replay@1, with the run\'s oomlab/result@2)')
    .option('--matrix <key=values>', "run once per value and compare, in the report's terms (scaled): swap=0,2G | memory=.. | swappiness=.. (memcg) | oomScoreAdj.PARTICIPANT=0,-500")
    .option('--html <file>', 'write the HTML report of the run, with a replay section')
    // The action's module is loaded on use, as each command's is (see run.ts).
    .action(async (log: string, flags: ReplayFlags) => (await import('./replay-action.js')).replayAction(log, flags));
  claimsSignals.add(command);
};

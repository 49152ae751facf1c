import type { Command } from 'commander';
import type { Register } from '../run-cli.js';

// Why: `npm start` is the main job: the article reproduced on this machine with safe limits (every
// hog inside a small cgroup), summarised on the terminal and drawn in report.html.
export const registerDemo: Register = (program: Command) => {
  program
    .command('demo')
    .description("the article's suite: the memory layout, then virtual-only, touched-oom and contention-three in small cgroups")
    .option('--html <file>', 'write the report here', 'report.html')
    .option('--no-temp-swap', 'do not add a temporary swapfile when the machine has no swap (contention-three is then skipped)')
    // The action's module is loaded on use, as each command's is (see run.ts).
    .action(async (flags: { html: string; tempSwap: boolean }) => (await import('./demo-action.js')).demoAction(flags));
};

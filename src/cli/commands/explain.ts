import type { Command } from 'commander';
import type { Register } from '../run-cli.js';

// Why: `oomlab explain` reads any kernel log (a file or stdin, any size, streamed) and says, for each
// OOM kill in it, who asked for memory, what ran out, who was killed and why.
export const registerExplain: Register = (program: Command) => {
  program
    .command('explain')
    .description('explain the OOM kills in a kernel log (dmesg with any time format or -x, syslog, journalctl -k in any -o, /dev/kmsg, container logs)')
    .argument('[file]', 'the log to read; - or nothing reads stdin', '-')
    .option('--json', 'print { "events": [...] } with every parsed field (the shape of toExplainJson)')
    // The action's module is loaded on use, as each command's is (see run.ts).
    .action(async (file: string, flags: { json?: boolean }) => (await import('./explain-action.js')).explainAction(file, flags));
};

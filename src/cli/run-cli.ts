import { Command, CommanderError } from 'commander';
import { OutputError } from '../errors/output-error.js';
import { stripControl } from '../report/escape.js';
import { reportFailure } from './report-failure.js';
import { defaultSignals } from './signal-hold.js';

// The CLI's error contract, in one place: a user's mistake is one line and exit 2; an environment
// that cannot run the request is one line and exit 3; an output that cannot be written is one line and
// exit 1; anything else is a bug and keeps its stack.

/** Each command module registers itself on the program. */
export type Register = (program: Command) => void;

/** Set when standard output or error failed for another reason than a reader that went away. */
let outputFailed = false;

/** Commands that take SIGINT/SIGTERM over from the bin (claimSignals in their action); every other
 *  command gets node's default back just before its action runs. */
export const claimsSignals = new WeakSet<Command>();

// Why: a reader that went away (`oomlab list | head -1`) is not an error: the rest of the output is
// dropped and the command ends as it would have (a run still tears down), with its own exit code, as
// git and ls do. Any other write error (stdout on a full disk or /dev/full) is one line on stderr and
// exit 1; the command still ends as it would have, so a run still tears down.
function dropOutputOnClosedPipe(stream: NodeJS.WriteStream, name: string): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    stream.write = (() => true) as typeof stream.write;
    if (err.code === 'EPIPE') return;
    outputFailed = true;
    if (!process.exitCode) process.exitCode = 1; // the error may come after runCli has returned
    if (stream !== process.stderr) process.stderr.write(`oomlab: ${new OutputError(name, err).message}\n`);
  });
}

// Why: commands report failures by throwing; this turns each kind into the documented exit code.
export async function runCli(program: Command, argv: string[]): Promise<number> {
  dropOutputOnClosedPipe(process.stdout, 'to standard output');
  dropOutputOnClosedPipe(process.stderr, 'to standard error');
  // Commander prints its own "error: ..." lines; silence them and print one line of ours instead.
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
  }
  program.hook('preAction', (_program, action) => {
    if (!claimsSignals.has(action)) defaultSignals();
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    return outputFailed && code === 0 ? 1 : code;
  } catch (err) {
    return reportError(err);
  } finally {
    // help, --version and a refused command line run no action: the default comes back here
    defaultSignals();
  }
}

// Why: commander's own refusals are the user's mistakes too; everything else as any entry reports it.
function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    process.stderr.write(`oomlab: ${stripControl(err.message.replace(/^error: /, ''))}\n`);
    return 2;
  }
  return reportFailure(err);
}

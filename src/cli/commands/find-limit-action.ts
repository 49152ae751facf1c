import { CgroupPermissionError } from '../../cgroup/errors.js';
import { EnvironmentError } from '../../errors/environment-error.js';
import { InputError, showValue } from '../../errors/input-error.js';
import { renderSearchHtml } from '../../limit/html.js';
import { searchLoaded } from '../../limit/search.js';
import { formatAnswer, formatPlan, formatTry, searchExitCode } from '../../limit/text.js';
import { resolveScenarioPath } from '../../run/run-scenario.js';
import { loadScenario } from '../../scenario/index.js';
import { formatSize } from '../../units/size.js';
import { checkOutputFiles, writeOutput } from '../output/write-output.js';
import { claimSignals } from '../signal-hold.js';

/** The flags of `oomlab run` a search reads (commands/run.ts declares them). */
interface SearchFlags {
  findLimit?: string;
  group?: string;
  step?: string;
  repeat?: string;
  json?: string;
  html?: string;
  junit?: string;
  matrix?: string;
  cgroupParent?: string;
  allowUnbounded?: boolean;
  allowHostSwappiness?: boolean;
}

// `oomlab run <scenario> --find-limit ...`'s action (loaded only then): the plan, a line per try as it
// is decided (a progress line on a terminal while a run goes), the answer; --json and --html of the
// whole search. Ctrl-C stops the current run (its cgroups and participants removed as always) and
// reports the tries so far.

// Why: one scenario, real runs, one answer; every flag checked before the first run creates anything.
export async function findLimitAction(scenarios: string[], flags: SearchFlags): Promise<void> {
  const abort = new AbortController();
  const unclaim = claimSignals(() => abort.abort());
  try {
    if (scenarios.length !== 1) throw new InputError('--find-limit', 'exactly one scenario to search', `${scenarios.length} scenarios`);
    if (flags.matrix !== undefined) throw new InputError('--find-limit', 'no --matrix with it (a search picks the values itself)', showValue(flags.matrix));
    if (flags.junit !== undefined) throw new InputError('--junit', 'no --junit with --find-limit (use --json or --html)', showValue(flags.junit));
    checkOutputFiles([['--json', flags.json], ['--html', flags.html]]);
    const file = resolveScenarioPath(scenarios[0]!);
    const scenario = await loadScenario(file);
    const tty = process.stderr.isTTY;
    let maxTries = 0;
    const doc = await searchLoaded(scenario, {
      search: flags.findLimit!,
      step: flags.step,
      repeat: flags.repeat,
      group: flags.group,
      cgroupParent: flags.cgroupParent,
      allowUnbounded: flags.allowUnbounded,
      allowHostSwappiness: flags.allowHostSwappiness,
      signal: abort.signal,
      onPlan: (b) => {
        maxTries = b.maxTries;
        process.stdout.write(`${formatPlan(b, scenario.name)}\n`);
      },
      onRunStart: (v, run, i) => {
        if (tty) process.stderr.write(`\x1b[2Ktry ${i + 1}/${maxTries}: ${formatSize(v)} run ${run}...\r`);
      },
      onTry: (t, i) => {
        if (tty) process.stderr.write('\x1b[2K');
        process.stdout.write(`${formatTry(t, i, maxTries)}\n`);
      },
    }, file).catch((err: unknown) => {
      throw err instanceof CgroupPermissionError ? new EnvironmentError(`${err.message}; without root, a VM runs it: oomlab vm run ${scenarios[0]} --find-limit ${flags.findLimit}`) : err;
    });
    process.stdout.write(`${formatAnswer(doc.search)}\n`);
    if (flags.json) writeOutput('--json', flags.json, `${JSON.stringify(doc, null, 1)}\n`);
    if (flags.html) writeOutput('--html', flags.html, renderSearchHtml(doc));
    process.exitCode = searchExitCode(doc.search);
  } finally {
    unclaim();
  }
}

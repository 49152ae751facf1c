import { InputError, showValue } from '../errors/input-error.js';
import { formatRunSummary } from '../report/text.js';
import { runLoadedScenario } from '../run/run-loaded.js';
import type { Scenario } from '../scenario/types.js';
import { GUEST_RUN } from '../vm/guest-command.js';
import { checkOutputDir, checkOutputFiles, writeOutput } from './output/write-output.js';
import { reportFailure } from './report-failure.js';
import { claimSignals } from './signal-hold.js';

// The VM guest's entry: `oomlab guest-run --json FILE [--output-files DIR]`, which the bin runs from a
// bundle of its own (dist/oomlab-guest.cjs; src/cli/launcher.ts). The host has already read and checked
// the scenario file (oomlab vm run refuses a bad one before it boots) and hands the guest the Scenario
// its loader made, as JSON in OOMLAB_SCENARIO_JSON; the guest plans it against its own memory and runs
// it exactly as `oomlab run` would, writing the same result. Why a separate entry: under TCG every
// instruction of start-up is emulated, and the CLI's (commander, the YAML parser, the schema's
// construction and its checks) was about 0.7 s of a VM run's way to its first step (bench/vm-boot.mjs).
// It trusts its input because only the host that boots the VM gives it; anywhere else it refuses to run.

// Why: the guest's two flags, nothing else; a mistake is the host's bug, still one line and exit 2.
function parseFlags(argv: string[]): { json: string; outputFiles?: string } {
  const flags: { json?: string; outputFiles?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (value === undefined || (flag !== '--json' && flag !== '--output-files')) throw new InputError(GUEST_RUN, '--json FILE [--output-files DIR]', showValue(argv.join(' ')));
    if (flag === '--json') flags.json = value;
    else flags.outputFiles = value;
  }
  if (flags.json === undefined) throw new InputError(GUEST_RUN, '--json FILE', 'none');
  return { json: flags.json, ...(flags.outputFiles !== undefined ? { outputFiles: flags.outputFiles } : {}) };
}

function scenarioFromEnv(env: NodeJS.ProcessEnv): Scenario {
  try {
    const scenario = JSON.parse(env.OOMLAB_SCENARIO_JSON ?? '') as unknown;
    if (scenario && typeof scenario === 'object' && !Array.isArray(scenario)) return scenario as Scenario;
  } catch {
    // said below
  }
  throw new InputError('OOMLAB_SCENARIO_JSON', 'the scenario as JSON, from the host that booted this VM', 'something else');
}

// Why: run the host's scenario, print its summary, write its result; the exit code is `oomlab run`'s.
async function guestRun(argv: string[]): Promise<number> {
  if (process.env.OOMLAB_IN_VM !== '1') throw new InputError(GUEST_RUN, 'to be run only by oomlab vm run, inside its VM (use oomlab run)', 'a run outside one');
  const flags = parseFlags(argv);
  const scenario = scenarioFromEnv(process.env);
  const abort = new AbortController();
  const unclaim = claimSignals(() => abort.abort());
  try {
    checkOutputFiles([['--json', flags.json]]);
    checkOutputDir('--output-files', flags.outputFiles);
    const result = await runLoadedScenario(scenario, { outputDir: flags.outputFiles, signal: abort.signal }, scenario.file);
    process.stdout.write(`${formatRunSummary(result, false)}\n\n`);
    writeOutput('--json', flags.json, `${JSON.stringify(result, null, 1)}\n`);
    return abort.signal.aborted ? 130 : result.verdict === 'pass' ? 0 : 1;
  } finally {
    unclaim();
  }
}

// No top-level await: bundled as CommonJS.
void guestRun(process.argv.slice(3)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportFailure(err);
  },
);

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../errors/environment-error.js';
import { InputError, showValue } from '../errors/input-error.js';
import { findBuildArtifact } from '../native/build-paths.js';
import { readMemInfo } from '../proc/meminfo.js';
import { loadScenario, planScenario, validateScenario, type ScenarioInput } from '../scenario/index.js';
import type { Plan, Scenario, ScenarioOverrides } from '../scenario/types.js';
import { formatSize } from '../units/size.js';
import { canLowerOomScoreAdj } from '../host/capabilities.js';
import { detectVm } from '../host/host-facts.js';
import { runPlan, type RunOptions } from './orchestrate.js';
import type { RunResult } from '../result/types.js';
import { commandProblem } from '../participant/resolve-command.js';
import { resolveArgv } from './launch.js';
import { formatPath } from '../scenario/field-path.js';
import { withSource } from '../scenario/sources.js';
import { SCENARIO_DIR } from './builtin-dir.js';

export { SCENARIO_DIR };

/** Options of `oomlab run` and `runScenario`. */
export interface ScenarioRunOptions extends RunOptions {
  allowUnbounded?: boolean;
  overrides?: ScenarioOverrides;
}

// Why: `oomlab run touched-oom` runs the built-in scenario of that name, whatever files sit in the
// working directory (a file planted in a shared directory must not run as root under a trusted name);
// a file is always a path: it contains a `/` or ends in .yaml, .yml or .json (`./touched-oom`).
export function resolveScenarioPath(nameOrPath: string): string {
  if (isScenarioPath(nameOrPath)) return nameOrPath;
  const builtIn = join(SCENARIO_DIR, `${nameOrPath}.yaml`);
  if (/^[a-z][a-z0-9-]*$/.test(nameOrPath) && existsSync(builtIn)) return builtIn;
  throw new InputError('scenario', `a built-in scenario name (see oomlab list) or a file path (containing a / or ending in .yaml, .yml or .json)`, showValue(nameOrPath));
}

// Why: the one rule that tells a file from a built-in name.
function isScenarioPath(text: string): boolean {
  return text.includes('/') || /\.(ya?ml|json)$/i.test(text);
}

// Why: everything a user can get wrong is checked (load, plan, commands that cannot start) before
// anything is created.
function planForThisHost(scenario: Scenario, opts: ScenarioRunOptions = {}): Plan {
  const m = readMemInfo();
  const plan = planScenario(scenario, {
    host: { memTotal: m.memTotal, memAvailable: m.memAvailable, swapTotal: m.swapTotal },
    inVm: detectVm(),
    allowUnbounded: opts.allowUnbounded,
    overrides: opts.overrides,
  });
  for (const i of plan.instances) {
    if (i.run.kind !== 'command') continue;
    const problem = commandProblem(resolveArgv(i.run.argv)[0]!, i.run.env, i.run.cwd);
    if (!problem) continue;
    const index = scenario.participants.findIndex((p) => p.name === i.participant);
    const field = formatPath(['participants', index, 'command', ...(problem.field === 'cwd' ? ['cwd'] : ['argv', 0])]);
    throw withSource(scenario, new InputError(field, problem.expected, showValue(problem.field === 'cwd' ? i.run.cwd : i.run.argv[0])));
  }
  return plan;
}

// Why: what this machine lacks is said before the run starts, as exit code 3 with the reason.
function preflight(plan: Plan): void {
  findBuildArtifact('oomlab-hog');
  const swapWanted = [plan.cgroup, ...plan.groups.map((g) => g.limits)].some((l) => (l.swapBytes ?? 0) > 0);
  const swapTotal = readMemInfo().swapTotal;
  if (swapWanted && !(swapTotal > 0)) {
    throw new EnvironmentError(`scenario ${plan.name} lets its cgroups swap, but this machine has no swap`, 'add some, e.g. a swapfile: fallocate -l 1G /swapfile && chmod 600 /swapfile && mkswap /swapfile && swapon /swapfile');
  }
  const protectedOne = plan.instances.find((i) => (i.oomScoreAdj ?? 0) < 0);
  if (protectedOne && !canLowerOomScoreAdj()) {
    throw new EnvironmentError(
      `participant ${protectedOne.name} asks for oomScoreAdj ${protectedOne.oomScoreAdj}, but this process lacks CAP_SYS_RESOURCE, which a value below 0 needs`,
      'protect it with a sub-group of its own instead, or raise the others\' oomScoreAdj',
    );
  }
  const wanted = Math.max(0, ...[plan.cgroup, ...plan.groups.map((g) => g.limits)].map((l) => l.swapBytes ?? 0));
  if (swapWanted && wanted > swapTotal) process.stderr.write(`oomlab: note: the scenario allows ${formatSize(wanted)} of swap; this machine has ${formatSize(swapTotal)}\n`);
}

// Why: the library's and the CLI's one call: load, plan, check the machine, run.
export async function runScenarioFile(nameOrPath: string, opts: ScenarioRunOptions = {}): Promise<RunResult> {
  const file = resolveScenarioPath(nameOrPath);
  const scenario = await loadScenario(file);
  return runLoadedScenario(scenario, opts, file);
}

// Why: the library's entry point for service teams: a scenario object (written with defineScenario)
// or a file path / built-in name; it resolves with the same result object `oomlab run --json` writes.
export function runScenario(scenario: string | ScenarioInput, opts: ScenarioRunOptions = {}): Promise<RunResult> {
  return typeof scenario === 'string' ? runScenarioFile(scenario, opts) : runLoadedScenario(validateScenario(scenario), opts);
}

// Why: one path for every validated scenario: plan for this host, check the machine, run.
export async function runLoadedScenario(scenario: Scenario, opts: ScenarioRunOptions = {}, source?: string): Promise<RunResult> {
  const plan = planForThisHost(scenario, opts);
  preflight(plan);
  const result = await runPlan(plan, opts);
  if (source) result.scenario.source = source;
  return result;
}

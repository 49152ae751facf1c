import { EnvironmentError } from '../errors/environment-error.js';
import { InputError, showValue } from '../errors/input-error.js';
import { findBuildArtifact } from '../native/build-paths.js';
import { readMemInfo } from '../proc/meminfo.js';
import { planScenario } from '../scenario/plan.js';
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

// A validated Scenario to a run on this host. Apart from run-scenario.ts (which reads files and checks
// objects) so that what imports only this, a VM guest's entry (src/cli/guest-run.ts), loads neither the
// YAML parser nor the schema: under TCG their start-up alone is a noticeable part of a second.

/** Options of `oomlab run` and `runScenario`. */
export interface ScenarioRunOptions extends RunOptions {
  allowUnbounded?: boolean;
  overrides?: ScenarioOverrides;
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

// Why: one path for every validated scenario: plan for this host, check the machine, run.
export async function runLoadedScenario(scenario: Scenario, opts: ScenarioRunOptions = {}, source?: string): Promise<RunResult> {
  const plan = planForThisHost(scenario, opts);
  preflight(plan);
  const result = await runPlan(plan, opts);
  if (source) result.scenario.source = source;
  return result;
}

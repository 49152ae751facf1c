import { applyParticipantOverrides } from './plan-overrides.js';
import { InputError } from '../errors/input-error.js';
import { formatPath } from './field-path.js';
import { checkProbesFit } from './probe-fits.js';
import { planExpectation } from './plan-expect.js';
import { planInstances } from './plan-instances.js';
import { applyOverrides, resolveLimits } from './plan-limits.js';
import { checkReferences } from './references.js';
import { withSource } from './sources.js';
import type { Plan, PlanOptions, Scenario } from './types.js';

// The plan step is pure: a Scenario, the host's memory facts and the run's flags in, a Plan out, or
// one InputError (with the file and line when the scenario came from a file). It creates nothing, so
// a refused scenario leaves no cgroup behind; the runner acts only on a Plan.

function checkHost(options: PlanOptions): void {
  const h = options.host;
  for (const key of ['memTotal', 'memAvailable', 'swapTotal'] as const) {
    if (!Number.isSafeInteger(h[key]) || h[key] < 0) throw new TypeError(`planScenario: host.${key} must be a byte count, got ${String(h[key])}`);
  }
}

function build(file: Scenario, options: PlanOptions): Plan {
  const host = options.host;
  const s = applyParticipantOverrides(file, options.overrides);
  if (s.global && !options.inVm) {
    throw new InputError('global', 'global: true only inside a VM (it lets the whole machine run out of memory)', 'true on a host that is not a VM');
  }
  const index = checkReferences(s);
  const { limits, overridden } = applyOverrides(s.cgroup, options.overrides, s.global);
  let cgroup;
  try {
    cgroup = resolveLimits(limits, host, (k) => `cgroup.${k}`);
  } catch (err) {
    // A limit from --matrix is reported against the flag; the file's line would point at the wrong value.
    if (err instanceof InputError && overridden.has(err.field.slice('cgroup.'.length))) throw new InputError(`--matrix ${err.field.slice('cgroup.'.length)}`, err.expected, err.got);
    throw err;
  }
  const groups = s.groups.map((g) => ({ name: g.name, limits: resolveLimits(g.limits, host, (k) => formatPath(['groups', g.name, k])) }));
  const instances = planInstances(s, index, host, cgroup.memoryBytes !== undefined, options.allowUnbounded ?? false);
  checkProbesFit(instances, (name) => s.participants.findIndex((p) => p.name === name), cgroup, groups);
  const plan: Plan = { name: s.name, global: s.global, cgroup, groups, instances, run: { ...s.run }, expect: s.expect.map((e) => planExpectation(e, index, host)), host: { ...host } };
  if (s.description !== undefined) plan.description = s.description;
  return plan;
}

// Why: the orchestrator's second step after loadScenario; nothing touches the system until this succeeds.
export function planScenario(scenario: Scenario, options: PlanOptions): Plan {
  checkHost(options);
  try {
    return build(scenario, options);
  } catch (err) {
    if (err instanceof InputError) throw withSource(scenario, err);
    throw err;
  }
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, showValue } from '../errors/input-error.js';
import { loadScenario, validateScenario, type ScenarioInput } from '../scenario/index.js';
import type { RunResult } from '../result/types.js';
import { runLoadedScenario, type ScenarioRunOptions } from './run-loaded.js';
import { SCENARIO_DIR } from './builtin-dir.js';

export { SCENARIO_DIR, runLoadedScenario, type ScenarioRunOptions };

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

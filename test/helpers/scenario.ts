import { parseScenarioText } from '../../src/scenario/index.js';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import type { RunResult } from '../../src/result/types.js';
import { parseRunResult } from '../../src/result/parse.js';

// Why: runner tests write their scenario inline as YAML, exactly as a user would in a file; every
// live result is checked against oomlab/result@2 as `--json` would write it.
export async function runYaml(yaml: string): Promise<RunResult> {
  return checkedResult(await runLoadedScenario(parseScenarioText(yaml, 'inline.yaml')));
}

// Why: a live result must be what the schema says, in its JSON form (the form users read).
export function checkedResult(r: RunResult): RunResult {
  parseRunResult(JSON.stringify(r), `the result of ${r.scenario.name}`);
  return r;
}

/** One participant's result by name (fails the test loudly when missing). */
export function participant(r: RunResult, name: string): RunResult['participants'][number] {
  const p = r.participants.find((x) => x.name === name);
  if (!p) throw new Error(`no participant ${name} in ${r.participants.map((x) => x.name).join(', ')}`);
  return p;
}

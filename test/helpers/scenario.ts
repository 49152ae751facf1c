import { parseScenarioText } from '../../src/scenario/index.js';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import type { RunResult } from '../../src/result/types.js';

// Why: runner tests write their scenario inline as YAML, exactly as a user would in a file.
export function runYaml(yaml: string): Promise<RunResult> {
  return runLoadedScenario(parseScenarioText(yaml, 'inline.yaml'));
}

/** One participant's result by name (fails the test loudly when missing). */
export function participant(r: RunResult, name: string): RunResult['participants'][number] {
  const p = r.participants.find((x) => x.name === name);
  if (!p) throw new Error(`no participant ${name} in ${r.participants.map((x) => x.name).join(', ')}`);
  return p;
}

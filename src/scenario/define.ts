import type { ScenarioInput } from './schema.js';
import { validateScenario } from './validate.js';

// Why: service teams write scenarios in TypeScript with completion and type errors from the same
// schema the files use; it validates at once (one InputError naming the field) and returns its input
// unchanged, so the object can be exported, serialised to YAML, or passed to validateScenario later.
export function defineScenario<const T extends ScenarioInput>(input: T): T {
  validateScenario(input);
  return input;
}

import { knownKeysAt } from './known-keys.js';
import { normalizeScenario } from './normalize.js';
import { checkReferences } from './references.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';
import { zodIssueToInputError } from './zod-error.js';

// Why: the one validation every source goes through (a file, defineScenario, a test), throwing one
// InputError that names the field path; a file's loader adds the line.
export function validateScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) throw zodIssueToInputError(parsed.error.issues, input, (path) => knownKeysAt(scenarioSchema, path));
  const scenario = normalizeScenario(parsed.data);
  checkReferences(scenario);
  return scenario;
}

import * as z from 'zod';
import { scenarioSchema } from './schema.js';

/** Where the generated schema lives (repo root), for editors: `# yaml-language-server: $schema=...`. */
export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';

// Why: editors validate and complete scenario files from the same zod schema the loader uses; the
// committed scenario.schema.json is this text (test/scenario/json-schema.test.ts keeps it in step).
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

// Why: the file's exact text, so the check is a string comparison.
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

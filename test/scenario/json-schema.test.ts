import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';

// scenario.schema.json at the repo root is generated from the zod schema, never edited by hand. This
// test only compares (it never writes the file it checks); regenerate with `npm run schema`.

describe('scenario JSON Schema', () => {
  it('is the committed scenario.schema.json', async () => {
    const text = scenarioJsonSchemaText();
    const committed = await readFile(SCENARIO_SCHEMA_FILE, 'utf8');
    expect(committed, 'scenario.schema.json is stale: regenerate it with npm run schema').toBe(text);
  });

  it('refuses unknown keys and describes sizes, for editors', () => {
    const schema = scenarioJsonSchema() as { additionalProperties: boolean; required: string[]; properties: Record<string, { description?: string }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'participants']);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'name', 'description', 'global', 'cgroup', 'groups', 'participants', 'run', 'expect', 'vm']);
    expect(JSON.stringify(schema)).toContain('share of MemAvailable such as \\"25%\\"');
  });
});

// Writes scenario.schema.json (editors' completion for scenario files) from the zod schema, through the
// built library (dist/). Run it after changing src/scenario/schema.ts: `npm run schema`. The unit test
// test/scenario/json-schema.test.ts fails while the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from '../dist/scenario/json-schema.js';

writeFileSync(SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText());
console.log(`wrote ${SCENARIO_SCHEMA_FILE}`);

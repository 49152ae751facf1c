// The scenario area's public surface: load (file -> Scenario), validate/define (object -> Scenario),
// plan (Scenario + host facts + flags -> Plan), and the JSON Schema for editors.
export { loadScenario, parseScenarioText } from './load.js';
export { validateScenario } from './validate.js';
export { defineScenario } from './define.js';
export { planScenario } from './plan.js';
export { scenarioJsonSchema, scenarioJsonSchemaText, SCENARIO_SCHEMA_FILE } from './json-schema.js';
export type { ScenarioInput } from './schema.js';
export type * from './types.js';

// Human and JSON explanations of parsed OOM events.
export { explainEvent, explainEvents } from './explain.js';
export { toExplainJson, type ExplainJson } from './json.js';

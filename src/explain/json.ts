import type { OomEvent } from '../kernel-log/event.js';

/** What `oomlab explain --json` prints. */
export interface ExplainJson {
  events: OomEvent[];
}

// Why: the JSON form is the parsed events themselves, so scripts see every field the report had.
export function toExplainJson(events: readonly OomEvent[]): ExplainJson {
  return { events: [...events] };
}

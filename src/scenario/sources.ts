import { InputError } from '../errors/input-error.js';
import type { Locator } from './locate.js';
import type { Scenario } from './types.js';

// A Scenario loaded from a file remembers (outside the object, so it stays plain data) which file and
// which lines it came from, so the plan step's errors can say `file:line` too.

const sources = new WeakMap<Scenario, { file: string; locate: Locator }>();

// Why: the loader records where a scenario came from.
export function rememberSource(scenario: Scenario, file: string, locate: Locator): void {
  sources.set(scenario, { file, locate });
}

// Why: plan.ts re-throws its InputErrors with the file and line of the field they concern.
export function withSource(scenario: Scenario, err: InputError): InputError {
  const src = sources.get(scenario);
  // A field that is a flag (`--matrix memory`) came from the command line, not from the file.
  if (!src || err.where !== undefined || err.field.startsWith('--')) return err;
  return new InputError(err.field, err.expected, err.got, `${src.file}:${src.locate(err.field)}`);
}

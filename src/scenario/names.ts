import { InputError, showValue } from '../errors/input-error.js';

// Scenario, group and participant names become cgroup directory names and file names (logs, reports),
// so the rule is a whitelist, not a blacklist: lower-case letters, digits, '-' and '_', starting with a
// letter, at most 48 characters (room for a copy suffix such as "-1000"). That makes '..', '/', NUL,
// dots (cgroup control files all contain a dot), spaces and control characters impossible by construction.

/** The name rule as a pattern (also published in the JSON Schema for editors). */
export const NAME_RE = /^[a-z][a-z0-9_-]{0,47}$/;

// cgroup v1 puts these plain files in every cgroup directory; a sub-group of that name would collide.
const RESERVED = new Set(['tasks', 'notify_on_release', 'release_agent']);

/** What a name must look like, for error messages. */
export const NAME_EXPECTED = 'a name of lower-case letters, digits, - and _, starting with a letter, at most 48 characters';

// Why: the one check every name in a scenario passes before it can reach a path.
export function checkName(value: string, field: string): string {
  if (!NAME_RE.test(value)) throw new InputError(field, NAME_EXPECTED, showValue(value));
  if (RESERVED.has(value)) throw new InputError(field, `a name other than ${[...RESERVED].join(', ')} (cgroup v1 files)`, showValue(value));
  return value;
}

// Why: copies of a participant ("count: 3") are named name-1..name-3; one place decides the spelling.
export function copyNames(name: string, count: number): string[] {
  if (count === 1) return [name];
  return Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);
}

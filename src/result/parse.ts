import { runResultSchema } from './schema.js';
import { RESULT_SCHEMA, type RunResult } from './types.js';
import { upgradeResult } from './upgrade.js';

/** A result that is not valid JSON or not an oomlab result; the message names where, never the bytes. */
export class MalformedResultError extends Error {
  override name = 'MalformedResultError';
  constructor(
    message: string,
    /** Where in the value the first problem is (`participants[0].outcome`), when it is JSON. */
    readonly at?: string,
    /** What was expected there (`expected one of ...`). */
    readonly problem?: string,
  ) {
    super(message);
  }
}

// Why: a result from outside this process (a VM guest, a file) is data to check, not an object to
// trust (older versions are read and upgraded); the message says what was wrong and where, in one line, without echoing what was sent.
export function parseRunResult(bytes: Buffer | string, origin: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch {
    throw new MalformedResultError(`${origin} is not valid JSON (${bytes.length} bytes)`);
  }
  return checkRunResult(value, origin);
}

// Why: a result already parsed from JSON (one of the runs of a `run --json` or merged file) is checked
// the same way, with the same one-line message naming where it came from.
export function checkRunResult(value: unknown, origin: string): RunResult {
  const parsed = runResultSchema.safeParse(upgradeResult(value));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  throw new MalformedResultError(`${origin} is not an ${RESULT_SCHEMA}: ${at}: ${describe(issue)}${more}`, at, `${describe(issue)}${more}`);
}

// zod's messages may quote the received value (an enum mismatch does); say only what was expected.
function describe(issue: { code: string; expected?: unknown; values?: unknown[]; message: string }): string {
  if (issue.code === 'invalid_type') return `expected ${String(issue.expected)}`;
  if (issue.code === 'invalid_value' && Array.isArray(issue.values)) return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys') return 'unexpected keys';
  if (issue.code === 'custom') return `expected ${issue.message}`;
  return issue.code.replace(/_/g, ' ');
}

// Why: a user's mistake (a flag, a scenario field, a log file) must reach the terminal as one line
// naming the field and what was expected, with exit code 2, never as a stack trace.
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
  constructor(
    /** The flag or field path at fault, e.g. `--total` or `participants[1].hog.block`. */
    readonly field: string,
    /** What was expected, e.g. `a size such as 512M or 2G`. */
    readonly expected: string,
    /** What was given, already shortened for display. */
    readonly got?: string,
    /** Where it came from (a file name and line), when known. */
    readonly where?: string,
  ) {
    super(formatInputError(field, expected, got, where));
  }
}

function formatInputError(field: string, expected: string, got?: string, where?: string): string {
  const at = where ? `${where}: ` : '';
  const given = got === undefined ? '' : `, got ${got}`;
  return `${at}${field}: expected ${expected}${given}`;
}

// Why: show untrusted input in one bounded, printable line inside an error message.
export function showValue(value: unknown, max = 60): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

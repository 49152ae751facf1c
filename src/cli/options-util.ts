import { InputError, showValue } from '../errors/input-error.js';

// Why: commander hands flags over as strings; integers get the same one-line error as sizes.
export function parseInteger(value: string | undefined, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*-?\d+\s*$/.test(value)) throw new InputError(field, `a whole number from ${min} to ${max}`, showValue(value));
  const n = Number(value);
  if (n < min || n > max) throw new InputError(field, `a whole number from ${min} to ${max}`, showValue(value));
  return n;
}

// Why: repeatable flags (`--cgroup A --cgroup B`) collect into a list.
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

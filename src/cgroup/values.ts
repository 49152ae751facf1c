import { InputError, showValue } from '../errors/input-error.js';
import type { LimitValue } from './types.js';

// How limit values look in the files: v2 writes and reads "max"; v1 writes -1 and reads back
// PAGE_COUNTER_MAX * PAGE_SIZE (9223372036854771712), far beyond a safe integer. Anything that large
// reads as "max".

// Why: one reader for "max", "-1" and the v1 huge number.
export function parseLimit(text: string): LimitValue {
  const t = text.trim();
  if (t === 'max' || t === '-1') return 'max';
  if (!/^\d+$/.test(t)) throw new Error(`not a cgroup limit: ${JSON.stringify(t)}`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : 'max';
}

// Why: the spelling each version writes for "no limit".
export function formatLimit(value: LimitValue, version: 1 | 2): string {
  if (value === 'max') return version === 2 ? 'max' : '-1';
  return String(value);
}

// Why: a limit from the user is bytes or "max"; anything else is their mistake, named by field.
export function checkLimit(value: unknown, field: string): LimitValue {
  if (value === 'max') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new InputError(field, 'a size in bytes (a whole number >= 0) or "max"', showValue(value));
}

// Why: swappiness is a percentage-like knob the kernel takes from 0 to 100 (v1 memory.swappiness, vm.swappiness).
export function checkSwappiness(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100) return value;
  throw new InputError(field, 'a whole number from 0 to 100', showValue(value));
}

/** Numeric order for limits, "max" being largest. */
export const limitNum = (v: LimitValue): number => (v === 'max' ? Infinity : v);

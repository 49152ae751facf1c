import { InputError, showValue } from '../errors/input-error.js';
import { parseSize } from '../units/size.js';
import type { HostFacts, SizeSpec } from './types.js';

// A scenario size is either bytes ("256M") or a share of the machine ("25%" of MemAvailable). The share
// cannot be resolved when the file is read (the schema must not look at the host), so the typed config
// keeps it as a SizeSpec and the plan step resolves it against the HostFacts it is given.

const PERCENT_RE = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

// Why: one parser for every size field in a scenario, accepting both spellings.
export function parseSizeSpec(input: unknown, field: string): SizeSpec {
  if (typeof input === 'string') {
    const m = PERCENT_RE.exec(input);
    if (m) {
      const percent = Number(m[1]);
      if (!(percent > 0 && percent <= 100)) throw new InputError(field, 'a share of MemAvailable above 0% and at most 100%', showValue(input));
      return { percent };
    }
  }
  try {
    return { bytes: parseSize(input, field) };
  } catch (err) {
    if (err instanceof InputError) throw new InputError(field, `${err.expected}, or a share of MemAvailable such as 25%`, err.got);
    throw err;
  }
}

// Why: the plan step turns every SizeSpec into bytes the same way (rounded down to whole 4 KiB pages for shares).
export function resolveSize(spec: SizeSpec, host: HostFacts): number {
  if ('bytes' in spec) return spec.bytes;
  const bytes = Math.floor((host.memAvailable * spec.percent) / 100);
  return bytes - (bytes % 4096);
}

// Why: show a SizeSpec the way the user wrote it, in assertion descriptions and messages.
export function describeSize(spec: SizeSpec, format: (bytes: number) => string): string {
  return 'bytes' in spec ? format(spec.bytes) : `${spec.percent}% of MemAvailable`;
}

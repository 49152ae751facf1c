import { InputError, showValue } from '../errors/input-error.js';

// How large a replay is. A report from a 64 GiB server cannot run as is in a VM on this machine, so
// every size of the report is multiplied by one scale (≤ 1): the tasks' memory, the swap, a cgroup's
// limit. What is not scaled is the guest's own kernel and init (and oomlab's harness in it): the
// original machine had its kernel too, but that part of its RAM is not in the task table, so the VM is
// sized as the tasks' resident memory × scale PLUS the guest baseline (what a guest uses before any
// participant runs), measured on the Debian 6.1 cloud guest kernel with oomlab's harness running, as
// VM memory − MemAvailable (2026-12-04, one boot per size): 112 MiB in a 512 MiB VM, 195 in 768, 223
// in 1 GiB, 232 in 1.5 GiB, 225 in 2 GiB. Between those points it is interpolated; above, the last.

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** The smallest scale worth running: below it a table's small tasks round to nothing. */
export const MIN_SCALE = 1 / 256;

/** The scale as the user gave it: a fixed one, or the largest that fits. */
export type ScaleSpec = { auto: true } | { auto: false; value: number };

// Why: `--scale auto|1|1/8|0.125`, one clear message for anything else.
export function parseScale(text: string | undefined): ScaleSpec {
  if (text === undefined || text === 'auto') return { auto: true };
  const expected = `auto, or a number from ${fmt(MIN_SCALE)} to 1 such as 1, 1/8 or 0.125`;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2])) : NaN;
  if (!Number.isFinite(value) || value > 1 || value < MIN_SCALE) throw new InputError('--scale', expected, showValue(text));
  return { auto: false, value };
}

// Why: a scale printed as the user would write it (1/8 rather than 0.125 when it is one).
export function fmt(scale: number): string {
  const inv = 1 / scale;
  if (Math.abs(inv - Math.round(inv)) < 1e-9) return Math.round(inv) === 1 ? '1' : `1/${Math.round(inv)}`;
  return String(Number(scale.toPrecision(4)));
}

/** [VM MiB, baseline MiB] as measured (see the top of this file). */
const BASELINE: Array<[number, number]> = [[512, 112.5], [768, 194.6], [1024, 222.9], [1536, 231.5], [2048, 224.8]];

// Why: the guest's own use of a VM of this size (kernel, init, oomlab's harness), from the measured points.
export function guestBaselineBytes(vmBytes: number): number {
  const mb = vmBytes / MiB;
  const first = BASELINE[0]!;
  const last = BASELINE[BASELINE.length - 1]!;
  if (mb <= first[0]) return first[1] * MiB;
  if (mb >= last[0]) return last[1] * MiB;
  const i = BASELINE.findIndex(([m]) => m >= mb);
  const [m1, b1] = BASELINE[i - 1]!;
  const [m2, b2] = BASELINE[i]!;
  return (b1 + ((b2 - b1) * (mb - m1)) / (m2 - m1)) * MiB;
}

/** VM sizes are whole multiples of this. */
const STEP = 8 * MiB;

// Why: the smallest VM whose room for participants (its memory less the baseline) holds `userBytes`.
export function vmBytesFor(userBytes: number): number {
  let vm = Math.max(STEP, Math.ceil((userBytes + 112.5 * MiB) / STEP) * STEP);
  while (vm - guestBaselineBytes(vm) < userBytes) vm += STEP;
  return vm;
}

/** The largest VM (or host cgroup) a replay may use here: the rule, and 512 MiB at least. */
export function replayBudgetBytes(memAvailableBytes: number): { min: number; max: number } {
  return { min: 512 * MiB, max: Math.min(4 * GiB, Math.floor(memAvailableBytes * 0.25)) };
}

// Why: the largest scale ≤ 1 at which `size(scale)` stays within `max`; sizes grow with the scale.
export function largestScale(size: (scale: number) => number, max: number): number | undefined {
  if (size(1) <= max) return 1;
  if (size(MIN_SCALE) > max) return undefined;
  let lo = MIN_SCALE;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (size(mid) <= max) lo = mid;
    else hi = mid;
  }
  // A round number people can repeat with --scale: the largest 1/n or 0.0x step below it.
  const n = Math.ceil(1 / lo);
  return 1 / n >= MIN_SCALE && size(1 / n) <= max ? Math.max(1 / n, Math.floor(lo * 100) / 100 || 0) : lo;
}

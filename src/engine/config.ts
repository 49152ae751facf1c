import type { HogOptions } from './options.js';

const TOUCH = { none: 0, memset: 1, pages: 2, fraction: 3 } as const;
const ALLOCATOR = { malloc: 0, mmap: 1, populate: 2 } as const;
const ON_FAIL = { exit: 0, hold: 1, retry: 2 } as const;
const AFTER = { hold: 0, free: 1 } as const;

/** The engine's configuration in the C core's terms (enums as their C values). */
export interface RawHogConfig {
  blockBytes: number;
  totalBytes: number;
  countBlocks: number;
  touch: number;
  touchFraction: number;
  intervalNs: number;
  allocator: number;
  onFail: number;
  after: number;
  holdNs: number;
  rewriteNs: number;
  progressEveryNs: number;
}

/** How often the engine may report progress unless told otherwise (bounded rate: 100/s). */
export const DEFAULT_PROGRESS_EVERY_NS = 10_000_000;

// Why: the addon and the executable take the same validated options in the C core's own terms.
export function toRawConfig(o: HogOptions, progressEveryNs = DEFAULT_PROGRESS_EVERY_NS): RawHogConfig {
  return {
    blockBytes: o.blockBytes,
    totalBytes: o.totalBytes ?? 0,
    countBlocks: o.countBlocks ?? 0,
    touch: TOUCH[o.touch],
    touchFraction: o.touchFraction,
    intervalNs: o.intervalNs,
    allocator: ALLOCATOR[o.allocator],
    onFail: ON_FAIL[o.onFail],
    after: AFTER[o.after],
    holdNs: o.holdNs ?? -1,
    rewriteNs: o.rewriteNs ?? 0,
    progressEveryNs,
  };
}

// Why: the executable's argv for the same options (numbers in bytes and ns; the C side parses strictly).
export function toHogArgv(o: HogOptions, progressEveryNs = DEFAULT_PROGRESS_EVERY_NS): string[] {
  const argv = ['--block', String(o.blockBytes), '--touch', o.touch, '--interval', String(o.intervalNs)];
  if (o.touch === 'fraction') argv.push('--fraction', String(o.touchFraction));
  if (o.totalBytes !== undefined) argv.push('--total', String(o.totalBytes));
  if (o.countBlocks !== undefined) argv.push('--count', String(o.countBlocks));
  argv.push('--allocator', o.allocator, '--on-fail', o.onFail, '--after', o.after);
  if (o.holdNs !== undefined) argv.push('--hold', String(o.holdNs));
  if (o.rewriteNs !== undefined) argv.push('--rewrite', String(o.rewriteNs));
  if (o.human) argv.push('--human');
  argv.push('--progress-every', String(progressEveryNs));
  return argv;
}

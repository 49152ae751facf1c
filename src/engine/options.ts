import { InputError, showValue } from '../errors/input-error.js';
import { parseDuration } from '../units/duration.js';
import { MiB, parseSize } from '../units/size.js';
import { HOG_ENUMS } from './contract.js';

// The allocation engine's options as people give them, validated and normalised here before they
// cross into C (sizes in bytes, times in nanoseconds, enums as the contract's words). The defaults
// live here and nowhere else: the C core takes every value explicitly (config.ts fills in what a
// person may leave out). They are the article's test_mem: 1 MiB blocks, usleep(200) between them,
// never touched.

/** How each block is touched after it is allocated. */
type TouchMode = (typeof HOG_ENUMS.touch.words)[number];
/** Where blocks come from: malloc(3), anonymous mmap(2), or `populate`, the fast fill (2 MiB-aligned chunks populated by the kernel, huge or small pages, whichever fills faster here: native/engine.c). */
type Allocator = (typeof HOG_ENUMS.allocator.words)[number];
/** What happens when an allocation fails. */
type OnFail = (typeof HOG_ENUMS.onFail.words)[number];
/** What happens once the target is reached. */
type AfterTarget = (typeof HOG_ENUMS.after.words)[number];

/** The engine's options after validation: bytes, nanoseconds, words the C core knows. */
export interface HogOptions {
  blockBytes: number;
  /** Stop after this many bytes; undefined with countBlocks undefined means "until allocation fails". */
  totalBytes?: number;
  countBlocks?: number;
  touch: TouchMode;
  /** With touch 'fraction': the share of each block written, 0..1. */
  touchFraction: number;
  intervalNs: number;
  allocator: Allocator;
  onFail: OnFail;
  after: AfterTarget;
  /** With after 'hold': how long; undefined holds until stopped. */
  holdNs?: number;
  /** While holding: re-touch everything this often (keeps pages hot); undefined never. */
  rewriteNs?: number;
  /** A probe participant: while holding, a timed pass over the pages this often (probe.ts). */
  probe?: ProbePass;
  /** Print the article's `Mem Total N MiB` line per block and `Malloc Fail` on stdout. */
  human: boolean;
}

/** A probe's passes as the engine takes them: every everyNs, `sample` pages (undefined: all), read or written. */
export interface ProbePass {
  everyNs: number;
  sample?: number;
  touch: (typeof HOG_ENUMS.probeTouch.words)[number];
}

/** Options as a person writes them (CLI flags or a scenario's `hog:` block). */
export interface HogOptionsInput {
  block?: string | number;
  total?: string | number;
  count?: string | number;
  touch?: string | number;
  interval?: string | number;
  allocator?: string;
  onFail?: string;
  after?: string;
  hold?: string | number;
  rewrite?: string | number;
  human?: boolean;
}

/** The defaults for people (`oomlab hog`, a scenario's `hog:`), in the article's terms. */
export const HOG_DEFAULTS = {
  blockBytes: MiB,
  intervalNs: 200_000,
  touch: 'none',
  allocator: 'malloc',
  onFail: 'exit',
  after: 'hold',
} as const;

const MAX_BLOCK = 1024 ** 4; // 1 TiB: a single block larger than this is a typo
const MAX_COUNT = 1e9;

function oneOf<T extends string>(value: unknown, words: readonly T[], field: string): T {
  if (typeof value === 'string' && (words as readonly string[]).includes(value)) return value as T;
  throw new InputError(field, `one of ${words.join(', ')}`, showValue(value));
}

// Why: the touch flag is either a mode word or a fraction of each block, and both spellings share a field.
function parseTouch(value: unknown, field: string): { touch: TouchMode; touchFraction: number } {
  const expected = 'none, memset, pages, or a fraction from 0 to 1 such as 0.5';
  if (value === 'none' || value === 'memset' || value === 'pages') return { touch: value, touchFraction: value === 'none' ? 0 : 1 };
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InputError(field, expected, showValue(value));
  if (n === 0) return { touch: 'none', touchFraction: 0 };
  if (n === 1) return { touch: 'memset', touchFraction: 1 };
  return { touch: 'fraction', touchFraction: n };
}

// Why: one validation for every way options arrive (CLI, scenario, library), naming the caller's field.
export function normalizeHogOptions(input: HogOptionsInput, fieldName: (key: keyof HogOptionsInput) => string = (k) => k): HogOptions {
  const blockBytes = input.block === undefined ? HOG_DEFAULTS.blockBytes : parseSize(input.block, fieldName('block'));
  if (blockBytes < 1 || blockBytes > MAX_BLOCK) throw new InputError(fieldName('block'), 'a block size from 1 byte to 1T', showValue(input.block));
  const out: HogOptions = {
    blockBytes,
    ...parseTouch(input.touch ?? HOG_DEFAULTS.touch, fieldName('touch')),
    intervalNs: input.interval === undefined ? HOG_DEFAULTS.intervalNs : parseDuration(input.interval, fieldName('interval')),
    allocator: oneOf(input.allocator ?? HOG_DEFAULTS.allocator, HOG_ENUMS.allocator.words, fieldName('allocator')),
    onFail: oneOf(input.onFail ?? HOG_DEFAULTS.onFail, HOG_ENUMS.onFail.words, fieldName('onFail')),
    after: oneOf(input.after ?? HOG_DEFAULTS.after, HOG_ENUMS.after.words, fieldName('after')),
    human: input.human ?? false,
  };
  if (input.total !== undefined && input.count !== undefined) {
    throw new InputError(fieldName('count'), `either ${fieldName('total')} or ${fieldName('count')}, not both`, showValue(input.count));
  }
  if (input.total !== undefined) {
    out.totalBytes = parseSize(input.total, fieldName('total'));
    if (out.totalBytes < 1) throw new InputError(fieldName('total'), 'a size above 0', showValue(input.total));
  }
  if (input.count !== undefined) {
    const n = typeof input.count === 'number' ? input.count : /^\s*\d+\s*$/.test(String(input.count)) ? Number(input.count) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_COUNT) throw new InputError(fieldName('count'), 'a whole number of blocks from 1 to 1000000000', showValue(input.count));
    out.countBlocks = n;
  }
  if (input.hold !== undefined) {
    if (out.after === 'free') throw new InputError(fieldName('hold'), `no hold time with ${fieldName('after')} free`, showValue(input.hold));
    out.holdNs = parseDuration(input.hold, fieldName('hold'));
  }
  if (input.rewrite !== undefined) {
    out.rewriteNs = parseDuration(input.rewrite, fieldName('rewrite'));
    if (out.rewriteNs < 1e6) throw new InputError(fieldName('rewrite'), 'a rewrite period of at least 1ms', showValue(input.rewrite));
  }
  return out;
}

import { HOG_ENUMS, HOG_HOLD_FOREVER, HOG_NEVER, HOG_NO_TARGET, HOG_OPTIONS } from './contract.js';
import type { HogOptions } from './options.js';

// What crosses into C: every engine option with a value, nothing left for the C core to default. The
// addon takes this object as it is; the executable takes the same values as flags (argv.ts). Its keys
// and value kinds come from the contract (contract.ts: HOG_OPTIONS), so a key added there is a type
// error here until it is given a value.

type OptionRow = (typeof HOG_OPTIONS)[number];
type ValueOf<Kind> = Kind extends keyof typeof HOG_ENUMS ? (typeof HOG_ENUMS)[Kind]['words'][number] : number;

/** The engine's configuration in the C core's terms: bytes, nanoseconds, enum words, sentinels for "none". */
export type EngineConfig = { [O in OptionRow as O['key']]: ValueOf<O['kind']> };

/** How often the engine may report progress unless told otherwise (bounded rate: 100/s). */
const DEFAULT_PROGRESS_EVERY_NS = 10_000_000;

// Why: HogOptions leaves out what a person need not say (no total, hold until stopped); the C core
// is told each of those explicitly, as the contract's sentinel values.
export function toEngineConfig(o: HogOptions, progressEveryNs = DEFAULT_PROGRESS_EVERY_NS): EngineConfig {
  return {
    blockBytes: o.blockBytes,
    totalBytes: o.totalBytes ?? HOG_NO_TARGET,
    countBlocks: o.countBlocks ?? HOG_NO_TARGET,
    touch: o.touch,
    touchFraction: o.touchFraction,
    intervalNs: o.intervalNs,
    allocator: o.allocator,
    onFail: o.onFail,
    after: o.after,
    holdNs: o.holdNs ?? HOG_HOLD_FOREVER,
    rewriteNs: o.rewriteNs ?? HOG_NEVER,
    progressEveryNs,
    probeEveryNs: o.probe?.everyNs ?? HOG_NEVER,
    probeSample: o.probe?.sample ?? 0,
    probeTouch: o.probe?.touch ?? 'read',
  };
}

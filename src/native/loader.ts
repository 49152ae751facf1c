import { createRequire } from 'node:module';
import { findBuildArtifact } from './build-paths.js';

// The one place that loads oomlab.node. Everything else imports the typed functions from
// src/native/addon.ts, which validate and normalise before calling in.

/** A probe result as the addon returns it: addresses as bigint (64-bit safe). */
export interface RawLayout {
  functionName: string;
  functionAddr: bigint;
  globalInitAddr: bigint;
  globalArrayStart: bigint;
  globalArrayEnd: bigint;
  rodataAddr: bigint;
  stackBottomAddr: bigint;
  stackTopAddr: bigint;
  brkBefore: bigint;
  mallocAddr: bigint;
  brkAfterMalloc: bigint;
  brkAfterFree: bigint;
  mallocSize: number;
  pageSize: number;
  maps: string;
}

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

/** One record from the engine: a progress tick, a failure, a phase change, or the final counts. */
export interface HogRecord {
  ev: 'tick' | 'block' | 'fail' | 'phase' | 'done';
  phase: 'alloc' | 'hold' | 'free' | 'done';
  outcome: 'running' | 'completed' | 'malloc-failed' | 'stopped' | 'error';
  blocks: number;
  allocated: number;
  touched: number;
  failures: number;
  rewrites: number;
  elapsedNs: number;
  firstFailNs: number;
  /** The fast fill (populate): bytes touched in chunks advised for transparent huge pages. */
  hugeTouched: number;
  /** The fast fill: chunks that tried the kind of pages not chosen at the time (native/engine.c). */
  probes: number;
  errno: number;
  syscall: string;
}

/** The native sampler's configuration in the C core's terms (see native/sampler.h). */
export interface RawSamplerConfig {
  intervalNs: number;
  detailEvery: number;
  detailChanged: number;
  capacity: number;
  /** 1: a pid's record only when its statm changed or status was read. */
  changesOnly: number;
}

/** The native sampling thread (native/sampler.c); records are SAMPLER_RECORD_DOUBLES doubles each. */
export interface RawSampler {
  setPids(pids: Int32Array): void;
  start(): void;
  stop(): void;
  drainInto(out: Float64Array): number;
  counts(): { dropped: number; ticks: number; running: boolean };
  destroy(): void;
}

interface Addon {
  layout(): RawLayout;
  Sampler: new (config: RawSamplerConfig) => RawSampler;
  hog(config: RawHogConfig, onEvent?: (record: HogRecord) => void): { promise: Promise<HogRecord>; stop(): void };
}

let cached: Addon | undefined;

// Why: load lazily, so commands that need no native code (explain, scenario checks) work without a build.
export function loadAddon(): Addon {
  if (!cached) cached = createRequire(import.meta.url)(findBuildArtifact('oomlab.node')) as Addon;
  return cached;
}

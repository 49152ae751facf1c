import { InputError, showValue } from '../errors/input-error.js';
import type { HogOptions, ProbePass } from '../engine/options.js';
import { parseDuration } from '../units/duration.js';
import { parseSize } from '../units/size.js';

// A probe participant: the latency-sensitive service of a memory-pressure scenario. It keeps a working
// set resident and, every `every`, touches a sample of its pages and times the pass (native/engine.c,
// hold phase). Here it is validated and turned into the engine's options: one mmap'd block of the
// working set, every page written once (so all of it is resident and private), then held until the run
// stops it, with a pass each period. The statistics are made in TypeScript (stats.ts).

/** A probe as a scenario holds it, validated. */
export interface ProbeSpec {
  workingSetBytes: number;
  everyNs: number;
  touch: ProbePass['touch'];
  /** Pages per pass; undefined: all of them. */
  sample?: number;
}

/** A probe as a person writes it (`probe:` in a scenario). */
export interface ProbeInput {
  workingSet: string | number;
  every: string | number;
  touch?: string;
  sample?: number;
}

const MAX_WORKING_SET = 1024 ** 4;

// Why: one validation of a probe's fields, each error naming its field (exit 2 upstream).
export function normalizeProbe(raw: ProbeInput, field: (k: keyof ProbeInput) => string): ProbeSpec {
  const workingSetBytes = parseSize(raw.workingSet, field('workingSet'));
  if (workingSetBytes < 1 || workingSetBytes > MAX_WORKING_SET) throw new InputError(field('workingSet'), 'a working set from 1 byte to 1T', showValue(raw.workingSet));
  const everyNs = parseDuration(raw.every, field('every'));
  if (everyNs < 1e6) throw new InputError(field('every'), 'a period of at least 1ms', showValue(raw.every));
  const touch = raw.touch ?? 'read';
  if (touch !== 'read' && touch !== 'write') throw new InputError(field('touch'), 'read or write', showValue(raw.touch));
  const out: ProbeSpec = { workingSetBytes, everyNs, touch };
  if (raw.sample !== undefined) {
    if (!Number.isSafeInteger(raw.sample) || raw.sample < 1) throw new InputError(field('sample'), 'a whole number of pages per pass, at least 1', showValue(raw.sample));
    out.sample = raw.sample;
  }
  return out;
}

// Why: the engine runs a probe as a hog that holds its working set and passes over it.
export function probeHogOptions(p: ProbeSpec): HogOptions {
  const pass: ProbePass = { everyNs: p.everyNs, touch: p.touch };
  if (p.sample !== undefined) pass.sample = p.sample;
  return {
    blockBytes: p.workingSetBytes,
    countBlocks: 1,
    touch: 'pages',
    touchFraction: 1,
    intervalNs: 0,
    allocator: 'mmap',
    onFail: 'exit',
    after: 'hold',
    human: false,
    probe: pass,
  };
}

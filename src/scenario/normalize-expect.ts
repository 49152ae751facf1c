import { InputError, showValue } from '../errors/input-error.js';
import { formatDuration, parseDuration } from '../units/duration.js';
import { formatSize } from '../units/size.js';
import { formatPath, type FieldPath } from './field-path.js';
import { checkName } from './names.js';
import type { RawExpect } from './schema.js';
import { describeSize, parseSizeSpec } from './sizes.js';
import type { Bounds, Expectation, PeakMetric, ProbeMetric, SizeSpec } from './types.js';

// An `expect` entry is one object whose keys say what it asserts: about a participant (outcome, code,
// peakRss/peakVsz/peakSwap, several at once), about a cgroup (oomKills), the victim, or the run's
// length. One entry may give several assertions; each gets a stable id (`expect[2].peakRss`) and a
// description generated from what the user wrote (never from host-resolved values), so JUnit test case
// names stay the same from machine to machine. `name` replaces the description.

const FAMILIES: Record<string, ReadonlyArray<keyof RawExpect>> = {
  participant: ['participant', 'outcome', 'code', 'peakRss', 'peakVsz', 'peakSwap', 'probeP99', 'probeStalled'],
  cgroup: ['cgroup', 'oomKills'],
  victim: ['victim'],
  runtime: ['runtime'],
};
const PROBE_KEYS: ReadonlyArray<[key: 'probeP99' | 'probeStalled', metric: ProbeMetric, label: string]> = [
  ['probeP99', 'p99', 'probe p99 pass latency'],
  ['probeStalled', 'stalled', 'probe stalled time'],
];
const PEAKS: ReadonlyArray<[key: 'peakRss' | 'peakVsz' | 'peakSwap', metric: PeakMetric, label: string]> = [
  ['peakRss', 'rss', 'peak RSS'],
  ['peakVsz', 'vsz', 'peak VSZ'],
  ['peakSwap', 'swap', 'peak swap'],
];

// `runtime` is two keys in one: { min, max } bounds the run's length; a runtime's name (node, java...)
// belongs with a participant's `outcome: runtime-oom`.
const ownFamily = (raw: RawExpect, k: keyof RawExpect): boolean => k !== 'runtime' || typeof raw.runtime !== 'string';

function familyOf(raw: RawExpect, at: FieldPath): string {
  const keys = (Object.keys(raw) as Array<keyof RawExpect>).filter((k) => k !== 'name' && raw[k] !== undefined && ownFamily(raw, k));
  if (typeof raw.runtime === 'string' && raw.outcome !== 'runtime-oom') {
    throw new InputError(formatPath([...at, 'runtime']), "a runtime's name only with outcome: runtime-oom ({ min, max } bounds the run's length in an entry of its own)", showValue(raw.runtime));
  }
  const family = Object.keys(FAMILIES).find((f) => keys.some((k) => FAMILIES[f]!.includes(k)));
  if (family === undefined) throw new InputError(formatPath(at), 'an assertion: participant, cgroup/oomKills, victim or runtime', showValue(raw));
  const stray = keys.find((k) => !FAMILIES[family]!.includes(k));
  if (stray !== undefined) throw new InputError(formatPath([...at, stray]), `a separate expect entry for ${stray} (one kind of assertion per entry: ${FAMILIES[family]!.join(', ')})`, showValue(raw[stray]));
  return family;
}

function bounds<T>(raw: { min?: string | number; max?: string | number }, at: FieldPath, parse: (v: unknown, f: string) => T, value: (t: T) => number | undefined): Bounds<T> {
  if (raw.min === undefined && raw.max === undefined) throw new InputError(formatPath(at), 'min, max or both', showValue(raw));
  const out: Bounds<T> = {};
  if (raw.min !== undefined) out.min = parse(raw.min, formatPath([...at, 'min']));
  if (raw.max !== undefined) out.max = parse(raw.max, formatPath([...at, 'max']));
  const lo = out.min === undefined ? undefined : value(out.min);
  const hi = out.max === undefined ? undefined : value(out.max);
  if (lo !== undefined && hi !== undefined && lo > hi) throw new InputError(formatPath([...at, 'max']), `a maximum not below the minimum ${showValue(raw.min)}`, showValue(raw.max));
  return out;
}

function describeBounds<T>(b: Bounds<T>, show: (t: T) => string): string {
  if (b.min !== undefined && b.max !== undefined) return `between ${show(b.min)} and ${show(b.max)}`;
  return b.min !== undefined ? `at least ${show(b.min)}` : `at most ${show(b.max!)}`;
}

const sizeValue = (s: SizeSpec) => ('bytes' in s ? s.bytes : undefined);
const showSize = (s: SizeSpec) => describeSize(s, formatSize);

function participantChecks(raw: RawExpect, at: FieldPath, id: string): Expectation[] {
  if (raw.participant === undefined) throw new InputError(formatPath([...at, 'participant']), 'the participant this assertion is about', 'nothing');
  const participant = checkName(raw.participant, formatPath([...at, 'participant']));
  const out: Expectation[] = [];
  if (raw.code !== undefined && raw.outcome !== 'exited') throw new InputError(formatPath([...at, 'code']), 'code only with outcome: exited', showValue(raw.code));
  if (raw.outcome !== undefined) {
    const code = raw.code === undefined ? '' : ` with code ${raw.code}`;
    const e: Expectation = { kind: 'outcome', participant, outcome: raw.outcome, id: `${id}.outcome`, description: `${participant}: outcome is ${raw.outcome}${code}` };
    if (raw.code !== undefined) e.code = raw.code;
    if (typeof raw.runtime === 'string') {
      e.runtime = raw.runtime;
      e.description += ` (${raw.runtime})`;
    }
    out.push(e);
  }
  for (const [key, metric, label] of PEAKS) {
    const spec = raw[key];
    if (spec === undefined) continue;
    const b = bounds(spec, [...at, key], parseSizeSpec, sizeValue);
    out.push({ kind: 'peak', participant, metric, bounds: b, id: `${id}.${key}`, description: `${participant}: ${label} ${describeBounds(b, showSize)}` });
  }
  for (const [key, metric, label] of PROBE_KEYS) {
    const spec = raw[key];
    if (spec === undefined) continue;
    const b = bounds(spec, [...at, key], parseDuration, (ns) => ns);
    out.push({ kind: 'probe', participant, metric, bounds: b, id: `${id}.${key}`, description: `${participant}: ${label} ${describeBounds(b, formatDuration)}` });
  }
  if (out.length === 0) throw new InputError(formatPath(at), `outcome, peakRss, peakVsz, peakSwap, probeP99 or probeStalled for participant ${participant}`, 'none');
  return out;
}

function oneCheck(raw: RawExpect, family: string, at: FieldPath, id: string): Expectation {
  if (family === 'victim') {
    const participant = checkName(raw.victim!, formatPath([...at, 'victim']));
    return { kind: 'victim', participant, id: `${id}.victim`, description: `the OOM victim is ${participant}` };
  }
  if (family === 'runtime') {
    const b = bounds(raw.runtime as Exclude<RawExpect['runtime'], string | undefined>, [...at, 'runtime'], parseDuration, (ns) => ns);
    return { kind: 'runtime', bounds: b, id: `${id}.runtime`, description: `the run lasts ${describeBounds(b, formatDuration)}` };
  }
  if (raw.oomKills === undefined) throw new InputError(formatPath([...at, 'oomKills']), 'oomKills (a count, or { min, max }) for the cgroup', 'nothing');
  const n = raw.oomKills;
  const b = typeof n === 'number' ? { min: n, max: n } : bounds(n, [...at, 'oomKills'], (v) => v as number, (v) => v);
  const where = raw.cgroup === undefined ? "the scenario's cgroup" : `cgroup ${checkName(raw.cgroup, formatPath([...at, 'cgroup']))}`;
  const count = b.min === b.max ? `is ${b.min}` : describeBounds(b, String);
  const e: Expectation = { kind: 'oom-kills', bounds: b, id: `${id}.oomKills`, description: `${where}: oom_kill count ${count}` };
  if (raw.cgroup !== undefined) e.cgroup = raw.cgroup;
  return e;
}

// Why: one `expect` entry into its typed assertions, each with a stable id and description.
export function normalizeExpect(raw: RawExpect, at: FieldPath): Expectation[] {
  const id = formatPath(at);
  const family = familyOf(raw, at);
  const out = family === 'participant' ? participantChecks(raw, at, id) : [oneCheck(raw, family, at, id)];
  if (raw.name !== undefined) {
    const name = raw.name.trim();
    if (name === '' || /[\0-\x1f]/.test(name)) throw new InputError(formatPath([...at, 'name']), 'a one-line description', showValue(raw.name));
    out.forEach((e, i) => (e.description = out.length === 1 ? name : `${name} (${i + 1})`));
  }
  return out;
}

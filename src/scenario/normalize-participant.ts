import { InputError, showValue } from '../errors/input-error.js';
import { normalizeHogOptions, type HogOptionsInput } from '../engine/options.js';
import { normalizeProbe } from '../probe/spec.js';
import { parseDuration } from '../units/duration.js';
import { formatPath, type FieldPath } from './field-path.js';
import { checkName } from './names.js';
import type { RawHog, RawParticipant } from './schema.js';
import { parseSizeSpec } from './sizes.js';
import type { CommandSpec, Participant, ParticipantRun, ScenarioHogOptions, StartAfter } from './types.js';

// The second pass over one participant: sizes, durations and hog options through the project's own
// parsers (messages identical to the CLI's, named by field path), and the rules zod cannot express
// simply (exactly one of hog/command/node; a trigger is either `reached` or `exited`).

const KINDS = ['hog', 'command', 'node', 'probe'] as const;
/** What a name in a command's environment may be (a shell variable name). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function hogOptions(raw: RawHog, at: FieldPath): ScenarioHogOptions {
  const field = (k: keyof HogOptionsInput) => formatPath([...at, k]);
  const share = typeof raw.total === 'string' && raw.total.includes('%');
  // A share of MemAvailable is resolved at plan time; validate everything else with a stand-in total.
  const { totalBytes, ...rest } = normalizeHogOptions(share ? { ...raw, total: 1 } : raw, field);
  if (share) return { ...rest, total: parseSizeSpec(raw.total, field('total')) };
  return totalBytes === undefined ? rest : { ...rest, total: { bytes: totalBytes } };
}

function noNul(value: string, field: string): string {
  if (value.includes('\0')) throw new InputError(field, 'text without NUL characters', showValue(value));
  return value;
}

function command(raw: NonNullable<RawParticipant['command']>, at: FieldPath): CommandSpec {
  if (raw.argv.length === 0 || raw.argv[0] === '') throw new InputError(formatPath([...at, 'argv']), 'a program and its arguments, such as [node, server.js]', showValue(raw.argv));
  const argv = raw.argv.map((a, i) => noNul(a, formatPath([...at, 'argv', i])));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.env ?? {})) {
    if (!ENV_NAME.test(k)) throw new InputError(formatPath([...at, 'env', k]), 'an environment variable name (letters, digits, _)', showValue(k));
    env[k] = noNul(v, formatPath([...at, 'env', k]));
  }
  const out: CommandSpec = { argv, env };
  if (raw.cwd !== undefined) out.cwd = noNul(raw.cwd, formatPath([...at, 'cwd']));
  return out;
}

function startAfter(raw: RawParticipant['startAfter'], at: FieldPath): StartAfter {
  if (raw === undefined) return { delayNs: 0 };
  if (typeof raw !== 'object') return { delayNs: parseDuration(raw, formatPath(at)) };
  const delayNs = raw.delay === undefined ? 0 : parseDuration(raw.delay, formatPath([...at, 'delay']));
  const participant = checkName(raw.participant, formatPath([...at, 'participant']));
  if ((raw.reached === undefined) === (raw.exited === undefined)) {
    throw new InputError(formatPath(at), 'exactly one of reached: SIZE or exited: true', raw.reached === undefined ? 'neither' : 'both');
  }
  if (raw.exited) {
    if (raw.measure !== undefined) throw new InputError(formatPath([...at, 'measure']), 'measure only with reached', showValue(raw.measure));
    return { delayNs, trigger: { participant, exited: true } };
  }
  const reached = parseSizeSpec(raw.reached, formatPath([...at, 'reached']));
  return { delayNs, trigger: { participant, reached, measure: raw.measure ?? 'rss' } };
}

function runOf(raw: RawParticipant, at: FieldPath): ParticipantRun {
  const present = KINDS.filter((k) => raw[k] !== undefined);
  if (present.length !== 1) {
    throw new InputError(formatPath(at), 'exactly one of hog, command, node, probe', present.length === 0 ? 'none' : present.join(' and '));
  }
  if (raw.hog) return { kind: 'hog', hog: hogOptions(raw.hog, [...at, 'hog']) };
  if (raw.probe) return { kind: 'probe', probe: normalizeProbe(raw.probe, (k) => formatPath([...at, 'probe', k])) };
  if (raw.node) return { kind: 'node', node: hogOptions(raw.node, [...at, 'node']) };
  return { kind: 'command', command: command(raw.command!, [...at, 'command']) };
}

// Why: one participant entry, validated into its typed form (references are checked across the whole file later).
export function normalizeParticipant(raw: RawParticipant, at: FieldPath): Participant {
  const name = checkName(raw.name, formatPath([...at, 'name']));
  const out: Participant = {
    name,
    ...runOf(raw, at),
    startAfter: startAfter(raw.startAfter, [...at, 'startAfter']),
    count: raw.count ?? 1,
    restart: raw.restart ?? 'never',
  };
  if (raw.group !== undefined) out.group = checkName(raw.group, formatPath([...at, 'group']));
  if (raw.oomScoreAdj !== undefined) out.oomScoreAdj = raw.oomScoreAdj;
  if (raw.rlimitAs !== undefined) {
    out.rlimitAs = parseSizeSpec(raw.rlimitAs, formatPath([...at, 'rlimitAs']));
    if ('bytes' in out.rlimitAs && out.rlimitAs.bytes < 1024 * 1024) throw new InputError(formatPath([...at, 'rlimitAs']), 'an address-space limit of at least 1M', showValue(raw.rlimitAs));
  }
  return out;
}

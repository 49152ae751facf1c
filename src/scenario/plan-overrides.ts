import { InputError, showValue } from '../errors/input-error.js';
import type { Scenario, ScenarioOverrides } from './types.js';

// `--matrix oomScoreAdj.NAME=v1,v2`: one participant's oom_score_adj per run ("would -500 have saved
// the service?"). Applied to a copy of the scenario before its instances are planned; the errors name
// the flag, since the value came from the command line.

// Why: the matrix key that varies a participant rather than a cgroup limit.
export function applyParticipantOverrides(s: Scenario, overrides: ScenarioOverrides | undefined): Scenario {
  const o = overrides?.oomScoreAdj;
  if (!o) return s;
  const field = `--matrix oomScoreAdj.${o.participant}`;
  if (!s.participants.some((p) => p.name === o.participant)) {
    throw new InputError(field, `a participant of the scenario (${s.participants.map((p) => p.name).join(', ')})`, showValue(o.participant));
  }
  const n = typeof o.value === 'number' ? o.value : /^\s*-?\d+\s*$/.test(o.value) ? Number(o.value) : NaN;
  if (!Number.isInteger(n) || n < -1000 || n > 1000) throw new InputError(field, 'a whole number from -1000 to 1000', showValue(o.value));
  return { ...s, participants: s.participants.map((p) => (p.name === o.participant ? { ...p, oomScoreAdj: n } : p)) };
}

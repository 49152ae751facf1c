import { InputError, showValue } from '../errors/input-error.js';
import { formatPath } from './field-path.js';
import { copyNames } from './names.js';
import type { Participant, Scenario } from './types.js';

// Names that point elsewhere in the file (a participant's group, a startAfter trigger, an assertion's
// participant or cgroup) are checked here, once the whole file is parsed: they must exist, copy names
// must not collide, and startAfter must not wait in a circle (a run that could never start).

/** Every instance name, and the participant it belongs to. A participant's own name stands for all its copies. */
export interface NameIndex {
  /** participant or copy name -> [participant index, the instance names it stands for] */
  refs: Map<string, { index: number; instances: string[] }>;
}

// Why: build the name table, refusing a copy name that collides with another participant or copy.
function indexNames(participants: readonly Participant[]): NameIndex {
  const refs = new Map<string, { index: number; instances: string[] }>();
  const taken = new Set<string>();
  participants.forEach((p, index) => {
    const copies = copyNames(p.name, p.count);
    for (const n of new Set([p.name, ...copies])) {
      if (taken.has(n)) throw new InputError(formatPath(['participants', index, 'name']), 'a name not used by another participant or its copies (name-1..name-N)', showValue(n));
      taken.add(n);
    }
    refs.set(p.name, { index, instances: copies });
    if (p.count > 1) copies.forEach((c) => refs.set(c, { index, instances: [c] }));
  });
  return { refs };
}

function refError(field: string, what: string, known: Iterable<string>, got: string): InputError {
  const list = [...known];
  return new InputError(field, list.length === 0 ? `a defined ${what} (none are defined)` : `one of the ${what}s ${list.slice(0, 12).join(', ')}`, showValue(got));
}

function checkCycles(s: Scenario, index: NameIndex): void {
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number, trail: number[]): void => {
    if (state.get(i) === 'done') return;
    if (state.get(i) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(i)), i].map((j) => s.participants[j]!.name).join(' -> ');
      throw new InputError(formatPath(['participants', trail[trail.length - 1]!, 'startAfter', 'participant']), 'startAfter without a cycle', cycle);
    }
    state.set(i, 'visiting');
    const trigger = s.participants[i]!.startAfter.trigger;
    if (trigger) visit(index.refs.get(trigger.participant)!.index, [...trail, i]);
    state.set(i, 'done');
  };
  s.participants.forEach((_, i) => visit(i, []));
}

// Why: a scenario whose names point nowhere, or that waits in a circle, is refused when it is read.
export function checkReferences(s: Scenario): NameIndex {
  const index = indexNames(s.participants);
  const groups = new Set(s.groups.map((g) => g.name));
  const participantNames = s.participants.map((p) => p.name);
  s.participants.forEach((p, i) => {
    if (p.group !== undefined && !groups.has(p.group)) throw refError(formatPath(['participants', i, 'group']), 'group', groups, p.group);
    const t = p.startAfter.trigger;
    if (t && !index.refs.has(t.participant)) throw refError(formatPath(['participants', i, 'startAfter', 'participant']), 'participant', participantNames, t.participant);
  });
  for (const e of s.expect) {
    const at = e.id.slice(0, e.id.lastIndexOf('.'));
    if ((e.kind === 'outcome' || e.kind === 'peak') && !index.refs.has(e.participant)) throw refError(`${at}.participant`, 'participant', participantNames, e.participant);
    if (e.kind === 'victim' && !index.refs.has(e.participant)) throw refError(`${at}.victim`, 'participant', participantNames, e.participant);
    if (e.kind === 'oom-kills' && e.cgroup !== undefined && !groups.has(e.cgroup)) throw refError(`${at}.cgroup`, 'group', groups, e.cgroup);
  }
  checkCycles(s, index);
  return index;
}

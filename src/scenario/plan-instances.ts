import { resolve } from 'node:path';
import { InputError } from '../errors/input-error.js';
import type { HogOptions } from '../engine/options.js';
import { formatPath } from './field-path.js';
import { copyNames } from './names.js';
import type { NameIndex } from './references.js';
import { resolveSize } from './sizes.js';
import type { HostFacts, Participant, PlannedInstance, PlannedRun, PlannedTrigger, Scenario, ScenarioHogOptions } from './types.js';

// Participants become instances: `count: 3` gives hog-1, hog-2, hog-3 with the same settings; a
// trigger naming a participant waits for all its copies; sizes become bytes; a relative `cwd` is
// resolved against the scenario file's directory (string work only, nothing is read). Instances are
// ordered so that everything a trigger waits for comes first (references were checked acyclic).

function hogOf(h: ScenarioHogOptions, host: HostFacts): HogOptions {
  const { total, ...rest } = h;
  return total === undefined ? rest : { ...rest, totalBytes: resolveSize(total, host) };
}

function runOf(p: Participant, s: Scenario, host: HostFacts): PlannedRun {
  if (p.kind === 'hog') return { kind: 'hog', hog: hogOf(p.hog, host) };
  if (p.kind === 'probe') return { kind: 'probe', probe: { ...p.probe } };
  if (p.kind === 'node') return { kind: 'node', node: hogOf(p.node, host) };
  const out: PlannedRun = { kind: 'command', argv: [...p.command.argv], env: { ...p.command.env } };
  if (p.command.cwd !== undefined) out.cwd = s.baseDir === undefined ? p.command.cwd : resolve(s.baseDir, p.command.cwd);
  return out;
}

function triggerOf(p: Participant, index: NameIndex, host: HostFacts): PlannedTrigger | undefined {
  const t = p.startAfter.trigger;
  if (!t) return undefined;
  const instances = [...index.refs.get(t.participant)!.instances];
  return 'exited' in t ? { instances, exited: true } : { instances, reachedBytes: resolveSize(t.reached, host), measure: t.measure };
}

function boundOf(p: Participant, s: Scenario, scenarioMemory: boolean): PlannedInstance['boundedBy'] {
  if (p.group !== undefined && s.groups.find((g) => g.name === p.group)?.limits.memory !== undefined) return 'group';
  return scenarioMemory ? 'scenario' : 'none';
}

// Why: the list of processes the runner starts, in a startable order, refusing unbounded ones unless allowed.
export function planInstances(s: Scenario, index: NameIndex, host: HostFacts, scenarioMemory: boolean, allowUnbounded: boolean): PlannedInstance[] {
  const perParticipant = s.participants.map((p, i) => {
    const boundedBy = boundOf(p, s, scenarioMemory);
    if (boundedBy === 'none' && !s.global && !allowUnbounded) {
      const fix = p.group === undefined ? 'cgroup.memory' : `cgroup.memory or groups.${p.group}.memory`;
      throw new InputError(formatPath(['participants', i]), `memory bounded by a cgroup limit (set ${fix}, or pass --allow-unbounded)`, `${p.name} unbounded`);
    }
    const names = copyNames(p.name, p.count);
    return names.map((name, c): PlannedInstance => {
      const out: PlannedInstance = { name, participant: p.name, copy: c + 1, copies: p.count, run: runOf(p, s, host), start: { delayNs: p.startAfter.delayNs }, restart: p.restart, boundedBy };
      const after = triggerOf(p, index, host);
      if (after) out.start.after = after;
      if (p.group !== undefined) out.group = p.group;
      if (p.oomScoreAdj !== undefined) out.oomScoreAdj = p.oomScoreAdj;
      if (p.rlimitAs !== undefined) out.rlimitAsBytes = resolveSize(p.rlimitAs, host);
      return out;
    });
  });
  // Topological order over participants (copies stay together), stable with respect to the file.
  const ordered: number[] = [];
  const placed = new Set<number>();
  const place = (i: number): void => {
    if (placed.has(i)) return;
    placed.add(i);
    const t = s.participants[i]!.startAfter.trigger;
    if (t) place(index.refs.get(t.participant)!.index);
    ordered.push(i);
  };
  s.participants.forEach((_, i) => place(i));
  return ordered.flatMap((i) => perParticipant[i]!);
}

import type { ReplayOutcome } from './run-replay.js';

// `--json`: the replay as one document, `oomlab/replay@1`, with the run's own `oomlab/result@2`
// result embedded unchanged (the issue named @1; results are @2 now and @1 files are only read).

export const REPLAY_SCHEMA = 'oomlab/replay@1';

// Why: what CI and scripts read: did it reproduce, who died in each, and how the replay was shaped.
export function toReplayJson(o: ReplayOutcome, file: string): Record<string, unknown> {
  const e = o.picked.event;
  return {
    schema: REPLAY_SCHEMA,
    reproduced: o.replay ? o.replay.verdict.reproduced : null,
    verdict: o.replay?.verdict.line ?? null,
    source: { file, event: o.picked.number, events: o.picked.count, kernel: e.kernel ?? null, constraint: o.plan.constraint },
    original: { victim: { pid: e.victim?.pid ?? null, name: e.victim?.name ?? null }, ranking: o.original },
    replay: o.replay ? { victim: o.replay.verdict.replayVictim, ranking: o.replay.rows, seconds: Math.round(o.replay.seconds * 10) / 10, vm: o.replay.vm ?? null } : null,
    scale: o.plan.scale,
    participants: o.plan.tasks,
    estimates: o.plan.estimates,
    notes: o.plan.notes,
    scenario: o.plan.scenario,
    result: o.replay?.result ?? null,
    ...(o.matrix ? { matrix: { key: o.matrix.key, values: o.matrix.values, runs: o.matrix.runs.map((r, i) => ({ value: o.matrix!.values[i], reproduced: r.verdict.reproduced, verdict: r.verdict.line, victim: r.verdict.replayVictim, seconds: Math.round(r.seconds * 10) / 10, result: r.result })) } } : {}),
  };
}

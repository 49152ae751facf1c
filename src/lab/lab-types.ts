import type { MachineSettings } from '../scenario/machine.js';
import type { MatrixCombo } from '../scenario/matrix-keys.js';
import type { ScenarioOverrides } from '../scenario/types.js';

// A lab: one scenario, several machines to compare it on, and the questions the user asks of the
// comparison. From a lab file (lab-file.ts) or from `oomlab vm run --matrix ...` (lab-matrix.ts).

/** One VM of the lab: its name in the table and what it sets over the lab's base machine. */
export interface LabRunSpec {
  label: string;
  settings: MatrixCombo;
  machine: MachineSettings;
  overrides: ScenarioOverrides;
}

/** A metric a question can bound or rank runs by (lower is better for every one). */
export const LAB_METRICS = ['probeP99', 'stalled', 'psiFull', 'firstOom', 'oomKills', 'majorFaults', 'peakSwap', 'runtime'] as const;
export type LabMetric = (typeof LAB_METRICS)[number];

/** An `expect:` entry of a lab: which runs answer "yes", and which of those is best. */
export interface LabQuestion {
  question: string;
  /** The participant the outcome is about (all its copies). */
  participant?: string;
  outcome?: 'survived' | 'oom-killed' | 'malloc-failed' | 'completed';
  /** Upper bounds, in the metric's unit (ms, bytes, µs, count). */
  max?: Partial<Record<LabMetric, number>>;
  /** Among the runs that answer yes, the best is the lowest of this (default: runtime). */
  best?: LabMetric;
}

/** A lab, checked: what to run where, and what to ask of the comparison. */
export interface Lab {
  name: string;
  description?: string;
  /** A built-in scenario name or a path. */
  scenario: string;
  /** The machine every run starts from (the lab file's `vm:`), over the scenario's own `vm:` block. */
  base: MachineSettings;
  runs: LabRunSpec[];
  questions: LabQuestion[];
}

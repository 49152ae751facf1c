import { comboLabel, machineOf, matrixCombos, overridesOf, parseMatrixAxis } from '../scenario/matrix-keys.js';
import type { MachineSettings } from '../scenario/machine.js';
import type { Lab } from './lab-types.js';

// Why: `oomlab vm run SCENARIO --matrix k=a,b --matrix k2=c,d` is a lab with no questions: the
// flags' machine as its base, one run per combination.
export function labFromMatrix(scenario: string, flags: string[], base: MachineSettings, allowBig: boolean): Lab {
  const combos = matrixCombos(flags.map((f) => parseMatrixAxis(f, true)), allowBig);
  return {
    name: 'matrix',
    scenario,
    base,
    runs: combos.map((c) => ({ label: comboLabel(c), settings: c, machine: machineOf(c), overrides: overridesOf(c) })),
    questions: [],
  };
}

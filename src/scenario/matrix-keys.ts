import { InputError, showValue } from '../errors/input-error.js';
import { compressorOf, lruGenOf, swapKindOf, sysctlName, sysctlValue, vmMemOf, vmSwapOf, type MachineSettings } from './machine.js';
import type { ScenarioOverrides } from './types.js';

// The `--matrix key=v1,v2` key table, for `oomlab run` and `oomlab vm run` alike. A key either
// overrides the scenario's top-level cgroup (memory, swap, swappiness: checked by the plan, which
// names the flag) or sets the VM's machine (only `vm run`: one VM per value). Several --matrix flags
// make a cartesian product; more than 16 runs needs --allow-big-matrix (a typo should not start 100 VMs).

/** One `--matrix` flag: a key and its values, as typed. */
export interface MatrixAxis {
  key: string;
  values: string[];
}

/** One combination: its values by key, in the order of the flags. */
export type MatrixCombo = Array<[key: string, value: string]>;

const CGROUP_KEYS = ['memory', 'swap', 'swappiness'] as const;
const MACHINE_KEYS: Record<string, (value: string, field: string) => MachineSettings> = {
  swapKind: (v, f) => ({ swapKind: swapKindOf(v, f) }),
  zramAlgo: (v, f) => ({ zramAlgo: compressorOf(v, f) }),
  lruGen: (v, f) => ({ lruGen: lruGenOf(v, f) }),
  vmMem: (v, f) => ({ memBytes: vmMemOf(v, f) }),
  vmSwap: (v, f) => ({ swapBytes: vmSwapOf(v, f) }),
};
/** The most runs one command may start without --allow-big-matrix, and with it. */
export const MATRIX_MAX = 16;
const MATRIX_HARD_MAX = 256;

/** One participant's oom_score_adj: `oomScoreAdj.NAME` (the plan checks the name and the value). */
const PARTICIPANT_KEY = /^oomScoreAdj\.([a-z][a-z0-9_-]*)$/;

const keysText = (vm: boolean): string =>
  vm
    ? `${CGROUP_KEYS.join(', ')}, oomScoreAdj.PARTICIPANT, ${Object.keys(MACHINE_KEYS).join(', ')} or vm.<sysctl>`
    : `${CGROUP_KEYS.join(', ')} or oomScoreAdj.PARTICIPANT (machine keys such as swapKind or vm.swappiness need oomlab vm run)`;

// Why: whether a key is a machine setting (one VM per value) or a cgroup override.
export function isMachineKey(key: string): boolean {
  return Object.hasOwn(MACHINE_KEYS, key) || key.startsWith('vm.');
}

// Why: one `--matrix key=v1,v2,...`, its key on the table and every value checked before anything runs.
export function parseMatrixAxis(text: string, vm: boolean): MatrixAxis {
  const m = /^([\w.-]+)=(.+)$/.exec(text);
  const values = m?.[2]!.split(',').map((v) => v.trim()) ?? [];
  if (!m || values.some((v) => v === '')) throw new InputError('--matrix', `key=v1,v2,... with key ${keysText(vm)}`, showValue(text));
  const key = m[1]!;
  const known = (CGROUP_KEYS as readonly string[]).includes(key) || PARTICIPANT_KEY.test(key) || (vm && isMachineKey(key));
  if (!known) throw new InputError('--matrix', `a key: ${keysText(vm)}`, showValue(key));
  const axis = { key: key.startsWith('vm.') ? `vm.${sysctlName(key, `--matrix ${key}`)}` : key, values };
  for (const v of values) if (isMachineKey(axis.key)) machineOf([[axis.key, v]]);
  return axis;
}

// Why: several axes into their product, refused in one line when it is larger than asked for.
export function matrixCombos(axes: MatrixAxis[], allowBig: boolean): MatrixCombo[] {
  const keys = axes.map((a) => a.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new InputError('--matrix', 'each key once', `${dup} twice`);
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  const max = allowBig ? MATRIX_HARD_MAX : MATRIX_MAX;
  if (total > max) {
    throw new InputError('--matrix', `at most ${max} runs${allowBig ? '' : ' (--allow-big-matrix allows up to 256)'}`, `${axes.map((a) => a.values.length).join(' x ')} = ${total} runs`);
  }
  let combos: MatrixCombo[] = [[]];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v): MatrixCombo => [...c, [a.key, v]]));
  return combos;
}

// Why: a combination's machine keys as settings (values checked; errors name `--matrix <key>`).
export function machineOf(combo: MatrixCombo): MachineSettings {
  const out: MachineSettings = {};
  for (const [key, value] of combo) {
    const field = `--matrix ${key}`;
    if (key.startsWith('vm.')) {
      const name = sysctlName(key, field);
      out.sysctl = { ...out.sysctl, [name]: sysctlValue(name, value, field) };
    } else if (Object.hasOwn(MACHINE_KEYS, key)) Object.assign(out, MACHINE_KEYS[key]!(value, field));
  }
  return out;
}

// Why: a combination's cgroup keys as the plan's overrides (the plan checks their values).
export function overridesOf(combo: MatrixCombo): ScenarioOverrides {
  const out: ScenarioOverrides = {};
  for (const [key, value] of combo) {
    const participant = PARTICIPANT_KEY.exec(key)?.[1];
    if (participant !== undefined) out.oomScoreAdj = { participant, value };
    else if ((CGROUP_KEYS as readonly string[]).includes(key)) out[key as (typeof CGROUP_KEYS)[number]] = value;
  }
  return out;
}

// Why: how a combination is named in tables: `swapKind=zram vm.swappiness=10`.
export function comboLabel(combo: MatrixCombo): string {
  return combo.map(([k, v]) => `${k}=${v}`).join(' ');
}

import { compressorOf, lruGenOf, sysctlName, sysctlValue, vmMemOf, vmSwapOf, type MachineSettings } from './machine.js';
import type { RawVm } from './schema.js';

// Why: a scenario's `vm:` block through the same checkers as the flags, errors naming `vm.<key>`.
export function normalizeVm(raw: RawVm): MachineSettings {
  const out: MachineSettings = {};
  if (raw.mem !== undefined) out.memBytes = vmMemOf(raw.mem, 'vm.mem');
  if (raw.swap !== undefined) out.swapBytes = vmSwapOf(raw.swap, 'vm.swap');
  if (raw.swapKind !== undefined) out.swapKind = raw.swapKind;
  if (raw.zramAlgo !== undefined) out.zramAlgo = compressorOf(raw.zramAlgo, 'vm.zramAlgo');
  if (raw.lruGen !== undefined) out.lruGen = lruGenOf(raw.lruGen, 'vm.lruGen');
  if (raw.sysctl !== undefined) {
    out.sysctl = {};
    for (const [key, value] of Object.entries(raw.sysctl)) {
      const name = sysctlName(key, `vm.sysctl.${key}`);
      out.sysctl[name] = sysctlValue(name, value, `vm.sysctl.${key}`);
    }
  }
  return out;
}

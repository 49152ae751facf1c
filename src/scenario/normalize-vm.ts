import { compressorOf, lruGenOf, swapKindOf, sysctlName, sysctlValue, vmMemOf, vmSwapOf, type MachineSettings } from './machine.js';

/** A `vm:` block as written (a scenario's, or a lab's). */
interface LooseVm {
  mem?: unknown;
  swap?: unknown;
  swapKind?: unknown;
  zramAlgo?: unknown;
  lruGen?: unknown;
  sysctl?: Record<string, unknown>;
}

// Why: a `vm:` block through the same checkers as the flags, errors naming `<at>.<key>`.
export function normalizeVm(raw: LooseVm, at = 'vm'): MachineSettings {
  const out: MachineSettings = {};
  if (raw.mem !== undefined) out.memBytes = vmMemOf(raw.mem, `${at}.mem`);
  if (raw.swap !== undefined) out.swapBytes = vmSwapOf(raw.swap, `${at}.swap`);
  if (raw.swapKind !== undefined) out.swapKind = swapKindOf(raw.swapKind, `${at}.swapKind`);
  if (raw.zramAlgo !== undefined) out.zramAlgo = compressorOf(raw.zramAlgo, `${at}.zramAlgo`);
  if (raw.lruGen !== undefined) out.lruGen = lruGenOf(raw.lruGen, `${at}.lruGen`);
  if (raw.sysctl !== undefined) {
    out.sysctl = {};
    for (const [key, value] of Object.entries(raw.sysctl)) {
      const name = sysctlName(key, `${at}.sysctl.${key}`);
      out.sysctl[name] = sysctlValue(name, value, `${at}.sysctl.${key}`);
    }
  }
  return out;
}

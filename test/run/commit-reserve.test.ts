import { describe, expect, it } from 'vitest';
import { hogArgv } from '../../src/engine/argv.js';
import { participantDropCaps } from '../../src/run/commit-reserve.js';
import { formatMachine } from '../../src/report/machine.js';
import { HARNESS_RESERVE_KB, guestMachineConfigLines } from '../../src/vm/guest-machine.js';
import type { VmFacts } from '../../src/host/vm-facts.js';

// Strict overcommit in the VM: participants drop CAP_SYS_ADMIN so vm.admin_reserve_kbytes is the
// harness's (src/run/commit-reserve.ts). The guest half runs for real in test/vm/machine.priv.test.ts;
// the executable's half in test/hog/run-executable.priv.test.ts.
describe('the harness keeps the admin reserve under strict overcommit', () => {
  it('outside oomlab\'s VM, participants keep every capability they were given', () => {
    expect(participantDropCaps({})).toEqual([]);
    expect(participantDropCaps({ OOMLAB_IN_VM: '0' })).toEqual([]);
  });

  it('the set-up flags name each capability, and refuse what is not one', () => {
    expect(hogArgv({ pdeathsig: false, dropCaps: [21] }, { exec: ['true'] })).toEqual(['--drop-cap', '21', '--exec', '--', 'true']);
    expect(hogArgv({ pdeathsig: false, dropCaps: [] }, { exec: ['true'] })).toEqual(['--exec', '--', 'true']);
    for (const bad of [-1, 64, 1.5, Number.NaN]) expect(() => hogArgv({ dropCaps: [bad] }, { exec: ['true'] })).toThrow(/dropCaps: expected a capability number from 0 to 63/);
  });

  it("the guest's config carries the harness's reserve", () => {
    expect(guestMachineConfigLines({ swapKind: 'none', swapBytes: 0, sysctl: { overcommit_memory: 2 } })).toContain(`HARNESS_RESERVE_KB=${HARNESS_RESERVE_KB}`);
  });

  it('a strict machine line shows the reserves and says the participants ran without CAP_SYS_ADMIN', () => {
    const vm: VmFacts = { memBytes: 2 ** 30, swapBytes: 0, swapKind: 'none', swaps: [], sysctl: { swappiness: 60, overcommit_memory: 2, overcommit_ratio: 50, overcommit_kbytes: 0, admin_reserve_kbytes: 95430, user_reserve_kbytes: 29894 } };
    const text = formatMachine(vm);
    expect(text).toMatch(/vm\.overcommit_memory=2 .*vm\.overcommit_ratio=50 .*vm\.admin_reserve_kbytes=95430 vm\.user_reserve_kbytes=29894$/m);
    expect(text).toMatch(/^strict overcommit: participants ran without CAP_SYS_ADMIN/m);
    const lax = formatMachine({ ...vm, sysctl: { ...vm.sysctl, overcommit_memory: 0 } });
    expect(lax).not.toMatch(/admin_reserve|strict overcommit/);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUEST_INIT } from '../../src/vm/guest-init.js';
import { GUEST_MACHINE, guestMachineConfigLines } from '../../src/vm/guest-machine.js';
import { machineFacts } from '../../src/vm/machine-record.js';
import { commandOnPath } from '../helpers/commands.js';

// The guest's machine read-back (guest-machine.ts) run by busybox on this host's own /proc and /sys,
// the way the guest's init runs it, and parsed by the host's reader: the figures must be this host's.

const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => commandOnPath(p) !== undefined || readableFile(p));
function readableFile(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}

describe('guest machine settings', () => {
  it('writes a sourceable config: sysctls as name/value pairs, every allow-listed key to read back', () => {
    const lines = guestMachineConfigLines({ swapKind: 'zram', swapBytes: 2 ** 29, zramAlgo: 'lz4', lruGen: 'on', sysctl: { swappiness: 10, 'page-cluster': 0 } }).join('\n');
    const out = execFileSync('sh', ['-c', `${lines}\nset -- $SYSCTL_SET; printf '%s|' "$SWAP_KIND" "$SWAP_BYTES" "$ZRAM_ALGO" "$LRU_GEN" "$#" "$1" "$2" "$3"`], { encoding: 'utf8' });
    expect(out).toBe('zram|536870912|lz4|y|4|swappiness|10|page-cluster|');
    execFileSync('sh', ['-n', '-c', GUEST_MACHINE]);
    expect(GUEST_INIT).toContain('machine_setup');
  });
  it.skipIf(!busybox)("reads this host's vm.* sysctls and /proc/swaps back as the guest does (busybox)", () => {
    const script = `${guestMachineConfigLines({ swapKind: 'none', swapBytes: 0, sysctl: {} }).join('\n')}\n${GUEST_MACHINE}\nmachine_read\n`;
    const text = execFileSync(busybox!, ['sh', '-c', script], { encoding: 'utf8' });
    const facts = machineFacts(text, { swapKind: 'none', swapBytes: 0, sysctl: {}, memBytes: 2 ** 30 });
    for (const name of ['swappiness', 'overcommit_memory', 'min_free_kbytes', 'watermark_scale_factor', 'page-cluster', 'vfs_cache_pressure']) {
      expect(facts.sysctl[name], name).toBe(Number(readFileSync(`/proc/sys/vm/${name}`, 'utf8').trim()));
    }
    const swaps = readFileSync('/proc/swaps', 'utf8').trim().split('\n').slice(1);
    expect(facts.swaps).toHaveLength(swaps.length);
    expect(facts.zram).toBeUndefined();
  });
  it('parses zram mm_stat lines at the end and at the peak, and ignores what it does not know', () => {
    const text = [
      'sysctl swappiness 100',
      'sysctl overcommit_memory 2; rm -rf /',
      'lru_gen 0x0007',
      'swaps /dev/zram0                              partition\t524284\t0\t-2',
      'zram_algorithms lzo [lzo-rle] lz4 lz4hc zstd',
      'zram_end 268435456 67108864 70000000 0 72000000 100 0 0 0',
      'zram_peak 300000000 75000000',
      'evil \x1b]0;x\x07',
    ].join('\n');
    const f = machineFacts(text, { swapKind: 'zram', swapBytes: 2 ** 29, sysctl: {}, memBytes: 2 ** 30 });
    expect(f.sysctl).toEqual({ swappiness: 100 });
    expect(f.lruGen).toBe('on');
    expect(f.swaps).toEqual(['/dev/zram0 partition 524284 0 -2']);
    expect(f.zram).toEqual({ algorithm: 'lzo-rle', algorithms: ['lzo', 'lzo-rle', 'lz4', 'lz4hc', 'zstd'], origBytes: 268435456, comprBytes: 67108864, memUsedBytes: 70000000, peakOrigBytes: 300000000, peakComprBytes: 75000000, peakMemUsedBytes: 72000000 });
  });
});

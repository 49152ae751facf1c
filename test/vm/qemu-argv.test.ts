import { describe, expect, it } from 'vitest';
import { kernelCommandLine, qemuArgv, type QemuSpec } from '../../src/vm/qemu-argv.js';

const spec: QemuSpec = { accel: 'tcg', memBytes: 2 ** 30, cpus: 2, kernel: '/k', initrd: '/i', rootImage: '/r.img', resultsImage: '/res.img' };

describe('qemuArgv', () => {
  it('never gives the guest a network and never reboots it', () => {
    const argv = qemuArgv(spec);
    expect(argv.join(' ')).toMatch(/-nodefaults .*-nic none/);
    expect(argv.some((a) => a.startsWith('-netdev') || a.includes('virtio-net'))).toBe(false);
    expect(argv).toContain('-no-reboot');
  });
  it('spells memory, CPUs, accelerator and disks', () => {
    const argv = qemuArgv({ ...spec, swapImage: '/s.img' });
    expect(argv.slice(argv.indexOf('-m'), argv.indexOf('-m') + 2)).toEqual(['-m', '1024M']);
    expect(argv.slice(argv.indexOf('-smp'), argv.indexOf('-smp') + 2)).toEqual(['-smp', '2']);
    expect(argv.slice(0, 4)).toEqual(['-accel', 'tcg', '-cpu', 'qemu64,+rdrand']);
    expect(argv.slice(argv.indexOf('-M'), argv.indexOf('-M') + 2)).toEqual(['-M', 'q35']);
    expect(argv.filter((a) => a.startsWith('virtio-blk-pci')).map((a) => a.replace(/.*serial=/, ''))).toEqual(['oomlab-root', 'oomlab-results', 'oomlab-swap']);
    expect(argv).toContain('file=/r.img,format=raw,if=none,id=root,readonly=on');
  });
  it('has no swap disk when there is no swap, and uses the host CPU under KVM', () => {
    const argv = qemuArgv({ ...spec, accel: 'kvm' });
    expect(argv.join(' ')).not.toContain('oomlab-swap');
    expect(argv.slice(0, 4)).toEqual(['-accel', 'kvm', '-cpu', 'host']);
  });
  it('boots quietly on the serial console and exits on panic', () => {
    expect(kernelCommandLine(['cgroup_no_v1=all'])).toMatch(/^console=ttyS0 oomlab.vm=1 quiet panic=-1 .*cgroup_no_v1=all$/);
  });
});

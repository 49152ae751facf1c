import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors/environment-error.js';
import { findVmKernel, kernelVersion } from '../../src/vm/kernel.js';
import { modinfoDepends } from '../../src/vm/modules.js';
import { writeSwapImage } from '../../src/vm/swap-image.js';

const dir = mkdtempSync(join(tmpdir(), 'oomlab-vm-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kernel, modules and swap files', () => {
  it('reads the release from a bzImage header', () => {
    const img = Buffer.alloc(0x5000);
    img.write('HdrS', 0x202, 'latin1');
    img.writeUInt16LE(0x4000 - 0x200, 0x20e);
    img.write('6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP', 0x4000, 'latin1');
    writeFileSync(join(dir, 'vmlinuz'), img);
    expect(kernelVersion(join(dir, 'vmlinuz'))).toBe('6.1.0-56-cloud-amd64');
  });
  it('says how to get a kernel when there is none', () => {
    let err: unknown;
    try {
      findVmKernel({ kernel: join(dir, 'missing-vmlinuz') });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as EnvironmentError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/linux-image-cloud-amd64.*scripts\/fetch-vm-kernel\.sh|scripts\/fetch-vm-kernel\.sh.*linux-image-cloud-amd64/);
  });
  it('finds a module’s dependencies in its .modinfo section', () => {
    const ko = Buffer.from('\x7fELF....\0license=GPL\0depends=virtio,virtio_ring\0retpoline=Y\0name=virtio_blk\0');
    expect(modinfoDepends(ko)).toEqual(['virtio', 'virtio_ring']);
    expect(modinfoDepends(Buffer.from('\0depends=\0name=virtio\0'))).toEqual([]);
  });
  it('writes the swap header\'s fields: version 1, the last page, the magic (swapon itself: swap-image.priv.test.ts)', () => {
    const path = join(dir, 'swap.img');
    writeSwapImage(path, 64 * 2 ** 20);
    const page = readFileSync(path).subarray(0, 4096);
    expect(readFileSync(path).length).toBe(64 * 2 ** 20);
    expect(page.toString('latin1', 4086)).toBe('SWAPSPACE2');
    expect(page.readUInt32LE(1024)).toBe(1);
    expect(page.readUInt32LE(1028)).toBe(16384 - 1);
  });
});

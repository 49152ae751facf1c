import { closeSync, openSync, writeSync, ftruncateSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

// The guest's swap is a real swap device: a sparse raw file on the host, seen as a virtio disk. Its
// swap header is written here rather than by `mkswap` in the guest, which would wait for the guest's
// random pool to initialise (for the UUID) — over a second under TCG — before the first command.
// Layout (mm/swapfile.c, union swap_header): at byte 1024 version=1, last_page, nr_badpages=0, a
// 16-byte UUID, a 16-byte label; the magic SWAPSPACE2 in the last 10 bytes of the first page.

const PAGE = 4096;

// Why: a ready-to-swapon disk image of exactly `bytes` (rounded down to whole pages).
export function writeSwapImage(path: string, bytes: number): void {
  const pages = Math.floor(bytes / PAGE);
  if (pages < 10) throw new RangeError(`swap of ${bytes} bytes is too small`);
  const header = Buffer.alloc(PAGE);
  header.writeUInt32LE(1, 1024); // version
  header.writeUInt32LE(pages - 1, 1028); // last_page
  header.writeUInt32LE(0, 1032); // nr_badpages
  randomBytes(16).copy(header, 1036); // uuid
  header.write('oomlab-swap', 1052, 'latin1'); // volume label
  header.write('SWAPSPACE2', PAGE - 10, 'latin1');
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, pages * PAGE);
    writeSync(fd, header, 0, PAGE, 0);
  } finally {
    closeSync(fd);
  }
}

import type { MapRegion } from './maps.js';

// The article's map of a process, from low addresses to high: read-only segment (text, rodata),
// data segment (data, bss), heap (brk), file mappings (libraries, mmap), stack, and the kernel's
// vdso/vsyscall pages. A region's class follows from its name, its permissions and whether it
// belongs to the program image (the file that contains the probed function).

/** The kinds of region the article names. */
type RegionClass = 'text' | 'rodata/data' | 'bss' | 'heap' | 'mmap/libraries' | 'stack' | 'vdso' | 'vsyscall';

/** A maps region with its class. */
export interface ClassifiedRegion extends MapRegion {
  class: RegionClass;
}

// Why: label every region so each probed address can be shown beside the region it lives in.
export function classifyRegions(regions: readonly MapRegion[], imagePath: string | undefined): ClassifiedRegion[] {
  let lastImageIndex = -1;
  regions.forEach((r, i) => {
    if (imagePath && r.path === imagePath) lastImageIndex = i;
  });
  return regions.map((r, i) => ({ ...r, class: classOf(r, i, imagePath, lastImageIndex) }));
}

function classOf(r: MapRegion, index: number, imagePath: string | undefined, lastImageIndex: number): RegionClass {
  if (r.path === '[heap]') return 'heap';
  if (r.path === '[stack]' || r.path.startsWith('[stack:')) return 'stack';
  if (r.path === '[vsyscall]') return 'vsyscall';
  if (r.path === '[vdso]' || r.path.startsWith('[vvar')) return 'vdso';
  if (imagePath && r.path === imagePath) return r.perms[2] === 'x' ? 'text' : 'rodata/data';
  // The kernel maps the part of .bss beyond the image's last file page as anonymous memory right after it.
  if (r.path === '' && index === lastImageIndex + 1 && lastImageIndex >= 0 && r.perms.startsWith('rw')) return 'bss';
  return 'mmap/libraries';
}

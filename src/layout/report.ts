import { classifyRegions, type ClassifiedRegion } from './classify.js';
import { parseMaps, regionOf } from './maps.js';
import type { RawLayout } from './probe.js';

/** One probed address beside the region it falls in. */
interface LayoutEntry {
  /** The article's wording, e.g. `Address of global_num`. */
  label: string;
  addr: bigint;
  /** `inside` the region, or at its `end` (the program break is the end of [heap]). */
  relation: 'inside' | 'end' | 'none';
  region?: ClassifiedRegion;
}

/** What the break did around the 127 KiB malloc and its free, and why. */
interface BreakStory {
  servedFrom: 'heap' | 'mmap';
  movedUpBytes: number;
  movedDownBytes: number;
  explanation: string;
}

/** The whole probe, classified and explained. */
export interface LayoutReport {
  source: 'executable' | 'in-process';
  functionName: string;
  entries: LayoutEntry[];
  brk: BreakStory;
  regions: ClassifiedRegion[];
}

// Why: put each address beside its region and explain the break, so a reader needs no objdump.
export function buildLayoutReport(raw: RawLayout, source: LayoutReport['source']): LayoutReport {
  const parsed = parseMaps(raw.maps);
  const imagePath = regionOf(parsed, raw.functionAddr)?.path || undefined;
  const regions = classifyRegions(parsed, imagePath);
  const at = (label: string, addr: bigint): LayoutEntry => locate(regions, label, addr);
  const entries = [
    at(`Address of function ${raw.functionName}`, raw.functionAddr),
    at('Address of global_num (initialised)', raw.globalInitAddr),
    at('Address of global_str_arr (zeroed) first byte', raw.globalArrayStart),
    at('Address of global_str_arr (zeroed) last byte', raw.globalArrayEnd),
    at('Address of a string constant', raw.rodataAddr),
    at('Bot of stack is', raw.stackBottomAddr),
    at('Top of stack is', raw.stackTopAddr),
    at('Top of heap is', raw.brkBefore),
    at('Address of heap_var is', raw.mallocAddr),
    at('Top of heap after malloc is', raw.brkAfterMalloc),
    at('Top of heap after free is', raw.brkAfterFree),
  ];
  const servedFrom = entries[8]!.region?.class === 'heap' ? 'heap' : 'mmap';
  return { source, functionName: raw.functionName, entries, brk: explainBreak(raw, servedFrom), regions };
}

function locate(regions: readonly ClassifiedRegion[], label: string, addr: bigint): LayoutEntry {
  const inside = regions.find((r) => addr >= r.start && addr < r.end);
  if (inside) return { label, addr, relation: 'inside', region: inside };
  const ending = regions.find((r) => r.end === addr && r.class === 'heap');
  if (ending) return { label, addr, relation: 'end', region: ending };
  return { label, addr, relation: 'none' };
}

const KiB = (n: number): string => `${+(n / 1024).toFixed(1)} KiB`;

function explainBreak(raw: RawLayout, servedFrom: 'heap' | 'mmap'): BreakStory {
  const up = Number(raw.brkAfterMalloc - raw.brkBefore);
  const down = Number(raw.brkAfterMalloc - raw.brkAfterFree);
  const size = KiB(raw.mallocSize);
  const lines: string[] = [];
  if (servedFrom === 'mmap') {
    lines.push(
      `glibc served the ${size} block with mmap(), not from the brk heap, so the break did not follow it. ` +
        `${size} is under the default M_MMAP_THRESHOLD (128 KiB), so this happens when the threshold was lowered ` +
        '(mallopt or MALLOC_MMAP_THRESHOLD_), when the heap could not grow with brk(), or when the call ran on a thread with its own arena.',
    );
  } else if (up > 0) {
    lines.push(
      `The break moved up by ${KiB(up)}: the ${size} block came from the brk heap (requests below M_MMAP_THRESHOLD, 128 KiB by default, do), ` +
        'and glibc grows the heap by what it needs plus M_TOP_PAD (128 KiB), rounded to pages.',
    );
  } else {
    lines.push(`The break did not move: the heap already had room for the ${size} block, so glibc served it without calling brk().`);
  }
  if (servedFrom === 'heap' && down > 0) {
    lines.push(`After free() it moved down by ${KiB(down)}: the free top of the heap exceeded M_TRIM_THRESHOLD (128 KiB by default), so glibc gave all but M_TOP_PAD back to the kernel.`);
  } else if (servedFrom === 'heap' && up === 0) {
    lines.push('After free() the block went back to glibc\'s free lists inside the heap; the break stayed.');
  } else if (servedFrom === 'heap') {
    lines.push(
      'After free() the break stayed: glibc trims the heap only down to M_TOP_PAD (128 KiB) above what is in use, and here the free top was less than a page over that pad. ' +
        "In the article, glibc 2.12 grew the heap by 256 KiB for this malloc (127 KiB plus the 128 KiB pad) and so gave back 124 KiB on free. " +
        'glibc 2.26 and later set up a per-thread cache on the first malloc, which grows the heap (by its own few hundred bytes plus the pad) before the 127 KiB block, ' +
        'and the block then fits in that growth: nothing beyond the pad is left to give back.',
    );
  }
  return { servedFrom, movedUpBytes: up, movedDownBytes: down, explanation: lines.join(' ') };
}

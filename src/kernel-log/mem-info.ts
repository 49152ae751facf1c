import type { OomMemInfo, OomZone } from './event.js';

// The Mem-Info block: page counters (`active_anon:693728 inactive_anon:...`, no unit), a line per zone
// with its free memory and watermarks in kB, buddy free lists (whose smallest block is one page, so
// they tell the page size), swap in kB and RAM in pages.

const COUNTER_KEYS: Record<string, keyof OomMemInfo> = {
  active_anon: 'activeAnon',
  Active_anon: 'activeAnon', // 2.6.30 and before
  inactive_anon: 'inactiveAnon',
  active_file: 'activeFile',
  inactive_file: 'inactiveFile',
  free: 'free',
  slab_reclaimable: 'slabReclaimable',
  slab_unreclaimable: 'slabUnreclaimable',
  shmem: 'shmem',
  pagetables: 'pagetables',
  unevictable: 'unevictable',
};

// `\b`: a key starts a word. Without it a failed match is retried from every later character of the
// word, each rescanning the word to its end (quadratic on a long run of digits). It drops no match: one
// starting inside a word ends at the same `:` as one from the word's start, and a match ends before a
// space or at the end, so the next one never starts inside a word already begun.
const COUNTER = /\b(\w+):(\d+)(?=\s|$)/g;
const ZONE = /^(?:Node (\d+) )?(\w+) free:(\d+)kB (?:boost:\d+kB )?min:(\d+)kB low:(\d+)kB high:(\d+)kB/;
const BUDDY = /^(?:Node \d+ )?\w+: \d+\*(\d+)kB /;
const SWAP = /^(Free|Total) swap\s+=\s+(\d+)kB/;
const PAGES = /^(\d+) pages (RAM|reserved)\s*$/;

/** What one Mem-Info line contributed. */
type MemInfoHit = 'counters' | 'zone' | 'buddy' | 'swap' | 'pages' | undefined;

// Why: reads one line of the block into `info`; `pageSize` receives the buddy lists' page size.
export function readMemInfoLine(text: string, info: OomMemInfo, pageSize: { kb?: number }, counters: { on: boolean }): MemInfoHit {
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const p = PAGES.exec(text);
    if (!p) return undefined;
    if (p[2] === 'RAM') info.ramPages = Number(p[1]);
    else info.reservedPages = Number(p[1]);
    return 'pages';
  }
  if (text.startsWith('Free swap') || text.startsWith('Total swap')) {
    const s = SWAP.exec(text);
    if (!s) return undefined;
    if (s[1] === 'Free') info.freeSwapKb = Number(s[2]);
    else info.totalSwapKb = Number(s[2]);
    return 'swap';
  }
  if (text.indexOf('kB') < 0) {
    if (!counters.on || text.startsWith('CPU') || text.indexOf(':') < 0) return undefined;
    let hit = false;
    for (const m of text.matchAll(COUNTER)) {
      const key = COUNTER_KEYS[m[1] ?? ''];
      if (key) {
        (info as Record<string, number>)[key] = Number(m[2]);
        hit = true;
      }
    }
    return hit ? 'counters' : undefined;
  }
  counters.on = false;
  const z = ZONE.exec(text);
  if (z) {
    const zone: OomZone = { name: z[2] ?? '', freeKb: Number(z[3]), minKb: Number(z[4]), lowKb: Number(z[5]), highKb: Number(z[6]) };
    if (z[1] !== undefined) zone.node = Number(z[1]);
    (info.zones ??= []).push(zone);
    return 'zone';
  }
  const b = BUDDY.exec(text);
  if (b) {
    if (pageSize.kb === undefined) pageSize.kb = Number(b[1]);
    return 'buddy';
  }
  return undefined;
}

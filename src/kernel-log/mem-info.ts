import type { OomMemInfo, OomZone } from './event.js';
import { isSpace } from './line-times.js';

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

const ZONE = /^(?:Node (\d+) )?(\w+) free:(\d+)kB (?:boost:\d+kB )?min:(\d+)kB low:(\d+)kB high:(\d+)kB/;
const BUDDY = /^(?:Node \d+ )?\w+: \d+\*(\d+)kB /;
const SWAP = /^(Free|Total) swap\s+=\s+(\d+)kB/;
const PAGES = /^(\d+) pages (RAM|reserved)\s*$/;

/** The kernel's longest record (PRINTKRB_RECORD_MAX; LOG_LINE_MAX was 992, a 2.6 printk buffer 1024):
 *  each Mem-Info line is one printk, or a piece of one, so a longer line is none of them. */
const MAX_RECORD = 1024;

/** What one Mem-Info line contributed. */
type MemInfoHit = 'counters' | 'zone' | 'buddy' | 'swap' | 'pages' | undefined;

// Why: reads one line of the block into `info`; `pageSize` receives the buddy lists' page size.
export function readMemInfoLine(text: string, info: OomMemInfo, pageSize: { kb?: number }, counters: { on: boolean }): MemInfoHit {
  if (text.length > MAX_RECORD) return undefined;
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
    return readCounters(text, info) ? 'counters' : undefined;
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

// The counters are what /\b(\w+):(\d+)(?=\s|$)/g finds, read by hand (no match arrays, no key
// substring unless the digits fit): a match can only start where a word starts, its key is that whole
// word (`:` is no word character), and when it fails the next try is the next word's start.
// Every `key:digits` counter of a line into `info`; true when one was a known key. Linear: each
// character is looked at a bounded number of times.
function readCounters(text: string, info: OomMemInfo): boolean {
  let hit = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWord(text.charCodeAt(i))) i++;
    const keyAt = i;
    while (i < n && isWord(text.charCodeAt(i))) i++;
    if (i === keyAt || i >= n || text.charCodeAt(i) !== 58) continue;
    const valueAt = i + 1;
    let j = valueAt;
    while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j === valueAt || (j < n && !isSpace(text.charCodeAt(j)))) continue;
    const name = text.slice(keyAt, i);
    // own keys only: a line's `constructor:5` is not Object's
    const key = Object.hasOwn(COUNTER_KEYS, name) ? COUNTER_KEYS[name] : undefined;
    if (key) {
      (info as Record<string, number>)[key] = Number(text.slice(valueAt, j));
      hit = true;
    }
    i = j;
  }
  return hit;
}

// \w
function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

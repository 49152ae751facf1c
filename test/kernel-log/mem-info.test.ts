import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OomMemInfo } from '../../src/kernel-log/event.js';
import { readMemInfoLine } from '../../src/kernel-log/mem-info.js';

// The page counters were read with /(\w+):(\d+)(?=\s|$)/g, which retried a failed match from every
// character of a long word, rescanning it each time (quadratic; security audit). The fix adds `\b`;
// the old pattern stays here as the reference for what must be read.
const OLD_COUNTER = /(\w+):(\d+)(?=\s|$)/g;
const KEYS: Record<string, keyof OomMemInfo> = {
  active_anon: 'activeAnon',
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

/** readMemInfoLine on a counter line, inside the block: what it returned and what it read. */
function counters(text: string): { hit: string | undefined; info: OomMemInfo } {
  const info: OomMemInfo = {};
  const hit = readMemInfoLine(text, info, {}, { on: true });
  return { hit, info };
}

function oldCounters(text: string): { hit: string | undefined; info: OomMemInfo } {
  const info: OomMemInfo = {};
  const first = text.charCodeAt(0);
  if ((first >= 48 && first <= 57) || text.startsWith('Free swap') || text.startsWith('Total swap') || text.indexOf('kB') >= 0) throw new Error('not a counter line');
  if (text.startsWith('CPU') || text.indexOf(':') < 0) return { hit: undefined, info };
  let hit = false;
  for (const m of text.matchAll(OLD_COUNTER)) {
    const key = KEYS[m[1] ?? ''];
    if (key) {
      (info as Record<string, number>)[key] = Number(m[2]);
      hit = true;
    }
  }
  return { hit: hit ? 'counters' : undefined, info };
}

describe('readMemInfoLine: page counters', () => {
  it.each<[string, string, OomMemInfo | undefined]>([
    ['2.6.32', 'active_anon:693728 inactive_anon:221684 isolated_anon:0', { activeAnon: 693728, inactiveAnon: 221684 }],
    ['indented, tabs', ' active_file:26\tinactive_file:51 isolated_file:0', { activeFile: 26, inactiveFile: 51 }],
    ['the last of a repeated key wins', 'free:1 free:2', { free: 2 }],
    ['a longer word is another key', 'xactive_anon:5 free_pcp:7', undefined],
    ['a value glued to text', 'active_anon:5x free:3', { free: 3 }],
    ['a value at the end, trailing CR', 'slab_reclaimable:1391 slab_unreclaimable:9790\r', { slabReclaimable: 1391, slabUnreclaimable: 9790 }],
    ['no value', 'active_anon: 5', undefined],
    ['8 KB of digits after the key', `active_anon:${'1'.repeat(8000)}x`, undefined],
    ['8 KB of word characters', `${'a'.repeat(8000)}:x`, undefined],
    ['1 KB of word characters, then a counter', `${'a_'.repeat(500)} shmem:4`, { shmem: 4 }],
    ['8 KB of word characters, then a counter: longer than any kernel record', `${'a_'.repeat(4000)} shmem:4`, undefined],
  ])('%s', (_label, text, want) => {
    const got = counters(text);
    expect(got.hit).toBe(want ? 'counters' : undefined);
    expect(got.info).toEqual(want ?? {});
  });

  it('reads what the old pattern read on random counter lines', () => {
    const token = fc.constantFrom(...Object.keys(KEYS), 'x', '_', ':', '0', '17', '-', ' ', '\t', '\u00a0', '\u2028', '\r', 'é', 'B');
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 16 }).map((t) => t.join('')),
        (text) => {
          fc.pre(!/^\d/.test(text));
          expect(counters(text)).toEqual(oldCounters(text));
        },
      ),
      { numRuns: 4000 },
    );
  });
});

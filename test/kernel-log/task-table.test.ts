import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchTaskHeader } from '../../src/kernel-log/task-table.js';

// matchTaskHeader no longer uses /^\[\s*pid\s*\]\s+(.*?)\s+name\s*$/, which was cubic on a line of spaces
// (security audit). It must still give exactly what that regex gave, so the regex stays here as the
// reference: on short lines it is quick.
const OLD_HEADER = /^\[\s*pid\s*\]\s+(.*?)\s+name\s*$/;

function oldMatchTaskHeader(text: string): string[] | undefined {
  if (text.charCodeAt(0) !== 91 || text.indexOf('pid') < 0) return undefined;
  const m = OLD_HEADER.exec(text);
  if (!m?.[1]) return undefined;
  return m[1].split(/\s+/);
}

const SPACES = ' '.repeat(8000);

describe('matchTaskHeader', () => {
  it.each<[string, string, string[] | undefined]>([
    ['2.6.32', '[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name', ['uid', 'tgid', 'total_vm', 'rss', 'cpu', 'oom_adj', 'oom_score_adj']],
    ['6.8', '[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name', ['uid', 'tgid', 'total_vm', 'rss', 'rss_anon', 'rss_file', 'rss_shmem', 'pgtables_bytes', 'swapents', 'oom_score_adj']],
    ['no spaces inside the brackets', '[pid] uid name', ['uid']],
    ['trailing spaces', '[ pid ]   uid  tgid name   ', ['uid', 'tgid']],
    ['trailing CR and tab', '[ pid ] uid name\t\r', ['uid']],
    ['tabs between columns', '[ pid ]\tuid\ttgid\tname', ['uid', 'tgid']],
    ['no-break space between columns', '[ pid ]\u00a0uid\u00a0tgid\u00a0name', ['uid', 'tgid']],
    ['name also a column', '[ pid ]  name uid name', ['name', 'uid']],
    ['columns with parentheses', '[ pid ]  uid (x y) name', ['uid', '(x', 'y)']],
    ['missing name', '[ pid ]   uid  tgid', undefined],
    ['name not last', '[ pid ]   uid name rss', undefined],
    ['name glued to a column', '[ pid ]   uid tgidname', undefined],
    ['no columns', '[ pid ]   name', undefined],
    ['no columns, one space', '[ pid ] name', undefined],
    ['no space after the bracket', '[ pid ]uid name', undefined],
    ['not pid', '[ tid ]  uid name', undefined],
    ['a row, not a header', '[  485]     0   485      696        2   0     -17         -1000 udevd', undefined],
    ['a line break among the columns', '[ pid ]  uid\u2028tgid name', undefined],
    ['a line break in the trailing spaces', '[ pid ]  uid  name \u2028 ', ['uid']],
    ['a line break before the columns', '[ pid ]\n uid name', ['uid']],
    ['8 KB of spaces', `[ pid ]${SPACES}`, undefined],
    ['8 KB of spaces, then a letter', `[ pid ]${SPACES}x`, undefined],
    ['8 KB of spaces, then name', `[ pid ]${SPACES}name`, undefined],
    ['columns in 8 KB of spaces', `[ pid ]${SPACES}uid${SPACES}name${SPACES}`, ['uid']],
  ])('%s', (_label, text, want) => {
    expect(matchTaskHeader(text)).toEqual(want);
  });

  it('gives what the old regex gave on random header-like lines', () => {
    const token = fc.constantFrom('[', ']', 'pid', 'name', 'uid', 'tgid', 'x', '(', ')', ' ', '  ', '\t', '\u00a0', '\u2028', '\r', '\n', '\ufeff');
    const line = fc.oneof(
      fc.array(token, { maxLength: 14 }).map((t) => t.join('')),
      fc.tuple(fc.constantFrom('[ pid ]', '[pid]', '[  pid  ]', '[ pid ]\u2028'), fc.array(token, { maxLength: 14 })).map(([h, t]) => h + t.join('')),
    );
    fc.assert(
      fc.property(line, (text) => {
        expect(matchTaskHeader(text)).toEqual(oldMatchTaskHeader(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('treats every UTF-16 code unit as a space exactly when the regex \\s did', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [`[ pid ]${ch}uid name`, `[ pid ] uid${ch}name`, `[ pid ] uid name${ch}`, `[ pid ] uid${ch}x name`]) {
        if (JSON.stringify(matchTaskHeader(text)) !== JSON.stringify(oldMatchTaskHeader(text))) differ.push(JSON.stringify(text));
      }
    }
    expect(differ).toEqual([]);
  });
});

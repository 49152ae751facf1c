import type { OomTask } from './event.js';

// The task table's columns changed many times (2.6.32: `cpu oom_adj`; 3.x: `nr_ptes swapents`;
// 4.x: `nr_pmds`; 4.19: `pgtables_bytes`; 6.8: `rss_anon rss_file rss_shmem`), so rows are read by the
// header printed above them. Page counts stay pages. A name may contain spaces, so it is whatever
// follows the last numeric column.

type NumericKey = Exclude<keyof OomTask, 'pid' | 'name'>;

const COLUMN_KEYS: Record<string, NumericKey> = {
  uid: 'uid',
  tgid: 'tgid',
  total_vm: 'totalVm',
  rss: 'rss',
  rss_anon: 'rssAnon',
  rss_file: 'rssFile',
  rss_shmem: 'rssShmem',
  pgtables_bytes: 'pgtablesBytes',
  nr_ptes: 'nrPtes',
  nr_pmds: 'nrPmds',
  swapents: 'swapents',
  cpu: 'cpu',
  oom_adj: 'oomAdj',
  oom_score_adj: 'oomScoreAdj',
};

const HEADER_START = /^\[\s*pid\s*\]\s/;
/** The characters the regex `.` does not match. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

// Why: the header names the columns of the rows below it; returns them without pid and name.
// `[ pid ]   uid  tgid ... name`: the columns are what lies between the `]` and a last word `name`,
// each side set off by spaces. Cut with trim, not /^\[\s*pid\s*\]\s+(.*?)\s+name\s*$/, which tries
// every split of a long run of spaces three ways (one 8 KB line of them took about 90 s).
export function matchTaskHeader(text: string): string[] | undefined {
  if (text.charCodeAt(0) !== 91 || text.indexOf('pid') < 0) return undefined;
  const start = HEADER_START.exec(text);
  if (!start) return undefined;
  const body = text.slice(start[0].length - 1).trimEnd();
  if (!body.endsWith('name')) return undefined;
  const beforeName = body.slice(0, -4);
  const columns = beforeName.trim();
  if (columns === '' || beforeName.trimEnd().length === beforeName.length || LINE_BREAK.test(columns)) return undefined;
  return columns.split(/\s+/);
}

/** The task fields of the header's columns, in order (undefined for a column oomlab does not know). */
export type ColumnKeys = Array<NumericKey | undefined>;

// Why: resolved once per table, so each row assigns fields by position.
export function columnKeys(columns: string[]): ColumnKeys {
  // own keys only: a header column named `constructor` is not Object's
  return columns.map((c) => (Object.hasOwn(COLUMN_KEYS, c) ? COLUMN_KEYS[c] : undefined));
}

// Why: rows are read once, by hand, straight into the task (this runs on every row of every table,
// so no substrings or intermediate arrays); undefined when the row does not fit the header.
export function readTaskRow(text: string, keys: ColumnKeys): OomTask | undefined {
  if (text.charCodeAt(0) !== 91) return undefined;
  const close = text.indexOf(']');
  if (close < 2) return undefined;
  let pid = 0;
  let pidDigits = 0;
  for (let k = 1; k < close; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      if (pidDigits > 0 && text.charCodeAt(k - 1) === 32) return undefined;
      pid = pid * 10 + (c - 48);
      pidDigits++;
    } else if (c !== 32) return undefined;
  }
  if (pidDigits === 0 || pidDigits > 10) return undefined;
  const task: OomTask = { pid, name: '' };
  const want = keys.length;
  let taken = 0;
  let i = close + 1;
  const n = text.length;
  while (taken < want) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) return undefined;
    let j = i;
    const negative = text.charCodeAt(j) === 45;
    if (negative) j++;
    const digitsFrom = j;
    let value = 0;
    for (let c = text.charCodeAt(j); j < n && c >= 48 && c <= 57; c = text.charCodeAt(++j)) value = value * 10 + (c - 48);
    if (j === digitsFrom || j - digitsFrom > 15 || j >= n || text.charCodeAt(j) !== 32) return undefined;
    const key = keys[taken];
    if (key) task[key] = negative ? -value : value;
    taken++;
    i = j;
  }
  while (i < n && text.charCodeAt(i) === 32) i++;
  if (i >= n) return undefined;
  task.name = text.slice(i);
  return task;
}

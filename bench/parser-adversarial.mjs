// Benchmark 7's adversarial rows (security audit: "quadratic regexes in the parser"): for each pattern
// the parser once had that was super-linear, a line that is its worst case; bench/parser.mjs runs them.

/** A report opener and `Mem-Info:` every FRAME lines keep the parser inside a report, where every
 *  line is read (the header, CPU and Mem-Info matchers only run there). */
export const FRAME = 64;
export const OPENER = ['stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', 'Mem-Info:'];

/** `head`, then `fill` repeated, then `tail`: one line of about n characters. */
function craft(n, head, fill, tail = '') {
  const room = Math.max(0, n - head.length - tail.length);
  return `${head}${fill.repeat(Math.ceil(room / fill.length)).slice(0, room)}${tail}`;
}

/** One row per pattern found super-linear: its name in the source, and a line that is its worst case. */
export const ADVERSARIAL = [
  // The four of the audit.
  { name: 'header', pattern: 'task-table.ts HEADER /^\\[\\s*pid\\s*\\]\\s+(.*?)\\s+name\\s*$/', line: (n) => craft(n, '[ pid ]', ' ') },
  { name: 'tainted', pattern: 'report-lines.ts KERNEL_RELEASE /(?:tainted|Tainted: [^\\d]*?)\\s+(\\d+\\.\\d+[^\\s#]*)/', line: (n) => craft(n, 'CPU: 1 PID: 15299 Comm: python3 Tainted: ', ' ') },
  { name: 'task-in', pattern: 'report-lines.ts TASK_IN /^Task in (.*) killed as a result of limit of (.*?)\\s*$/', line: (n) => craft(n, 'Task in /a killed as a result of limit of ', ' ', 'x') },
  { name: 'panic', pattern: 'report-lines.ts PANIC /Kernel panic - not syncing: ((?:Out of memory|System is deadlocked on memory).*?)\\s*$/', line: (n) => craft(n, 'Kernel panic - not syncing: Out of memory', ' ', 'x') },
  // Found looking over the rest of src/kernel-log.
  { name: 'mem-info', pattern: 'mem-info.ts COUNTER /(\\w+):(\\d+)(?=\\s|$)/g', line: (n) => craft(n, 'active_anon:', '1', 'x') },
  { name: 'kill-sizes', pattern: 'report-lines.ts KV /([A-Za-z_-]+):(-?\\d+)(kB)?/g', line: (n) => craft(n, 'Out of memory: Killed process 1 (x) total-vm:', 'a') },
  { name: 'killed', pattern: 'report-lines.ts KILLED /(?:^|: )Killed process (\\d+),? (?:UID \\d+, )?\\((.*)\\)(?: (total-vm:.*|vsz:.*))?$/', line: (n) => craft(n, 'Killed process 1 (', ') total-vm:', '\u2028x') },
  { name: 'selection', pattern: 'report-lines.ts SELECT /(?:^|: )Kill process (\\d+) \\((.*)\\) score (-?\\d+) or sacrifice child/', line: (n) => craft(n, '', ': Kill process 1 (') },
  { name: 'reaped', pattern: 'report-lines.ts REAPED /^oom_reaper: reaped process (\\d+) \\((.*)\\), now (.*)$/', line: (n) => craft(n, 'oom_reaper: reaped process 1 (', '), now ', '\rx') },
  { name: 'oom-kill-task', pattern: 'report-lines.ts /,task=(.*),pid=(\\d+),uid=(\\d+)\\s*$/', line: (n) => craft(n, 'oom-kill:constraint=CONSTRAINT_NONE', ',task=') },
  // Found in review on 2026-12-05: one search per line that ran to the end of the text, not the line.
  { name: 'json-lines', pattern: 'journal-json.ts: indexOf(\'"__REALTIME_TIMESTAMP":\') from each line shaped as a JSON object (an application\'s JSON log), unbounded', line: (n) => craft(n, '', '{"msg":"request served in 12 ms","path":"/api/v1/items","level":"info","oom":false}\n').trimEnd() },
  { name: 'oom-kill-cpuset', pattern: 'report-lines.ts /,cpuset=(.*?),mems_allowed=/ (and ,oom_memcg=, ,task_memcg=)', line: (n) => craft(n, 'oom-kill:constraint=CONSTRAINT_NONE', ',cpuset=') },
];


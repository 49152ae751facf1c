// The kernel's `Killed process N` record, read straight off a /dev/kmsg record, before (and without)
// the report's parser. Why: the harness decides a participant's outcome the moment the kernel says it
// killed that process (src/run/orchestrate.ts); parsing the ~80 lines of the report around it took
// 0.3 ms warm and 3 to 5 ms in a fresh process (whose parser is not compiled yet), and the detection
// target is 5 ms (bench/oom-latency.mjs). The parser still reads the whole report right after.

const KILLED = 'Killed process ';

// Why: the victim's pid of a kernel-facility (priority below 8) record whose text is the kill line:
// `Killed process N` at its start or after `: ` (`Memory cgroup out of memory: Killed process 152
// (x) ...`, RHEL 6's `Killed process N, UID U, (x)`); undefined for anything else, a record written by
// a user program to /dev/kmsg (facility user) included.
export function killedPidOfRecord(record: string): number | undefined {
  const semi = record.indexOf(';');
  const comma = record.indexOf(',');
  if (semi < 0 || comma <= 0 || comma > semi || comma > 3) return undefined;
  const prio = Number(record.slice(0, comma));
  if (!Number.isInteger(prio) || prio < 0 || prio >= 8) return undefined;
  const at = record.indexOf(KILLED, semi + 1);
  if (at < 0 || (at !== semi + 1 && !(at - 2 > semi && record.startsWith(': ', at - 2)))) return undefined;
  const from = at + KILLED.length;
  let end = from;
  while (end < record.length && end - from < 10 && record.charCodeAt(end) >= 48 && record.charCodeAt(end) <= 57) end++;
  if (end === from || !(record.startsWith(' (', end) || record.startsWith(', ', end))) return undefined;
  return Number(record.slice(from, end));
}

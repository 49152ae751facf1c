// Outside a report only a few kinds of line matter, and each contains one of these strings. The
// whole-text parser jumps from one occurrence to the next with indexOf (memchr speed) instead of
// looking at every line of a log that is mostly about other things; the line parser uses the same
// list to decide whether an idle line is worth reading.
const ANCHORS = [
  'invoked oom-killer',
  'Killed process',
  'Kill process',
  'kill process', // 2.6.31 and before
  'oom-kill:',
  'oom_reaper:',
  'Kernel panic',
  'Task in ',
  'memory.oom.group',
  'Mem-Info:',
  'uid  tgid',
  'memory: usage',
  'Tasks state',
  // A selection or kill line wrapped after its first words (`Out of memory: Kill` + `process N ...`):
  // read, so that the rest can be joined to it (wrapped-lines.ts).
  'Out of memory: Kill',
  'out of memory: Kill',
  'Out of Memory: Kill',
] as const;

// Why: the line parser's idle check; true when the line may start or continue a report.
export function hasAnchor(text: string): boolean {
  for (const a of ANCHORS) if (text.includes(a)) return true;
  return false;
}

// Every anchor above contains one of these; a single regex alternation over them runs several
// times faster than one indexOf pass per anchor. A hit is only a candidate: the line parser then
// applies hasAnchor, so the whole-text and line-by-line forms agree.
export const COARSE = /oom|Kill|kill process|Task|Mem-Info|memory: usage|uid  tgid|Kernel panic/g;

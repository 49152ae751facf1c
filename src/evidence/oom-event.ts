// An OOM kill as a run records it: the kernel's report (kernel-log's OomEvent, parsed from one
// report's lines) attributed to a participant copy, with where the evidence came from. A run's
// result carries these (RunResult.oomEvents); the kernel-log type stays the parser's own.

/** Where the evidence of an OOM kill came from. */
export const EVIDENCE_SOURCES = ['kmsg', 'cgroup-counter', 'exit-signal'] as const;

/** One OOM kill, with the kernel's own evidence. */
export interface RunOomEvent {
  /** The participant copy whose process tree held the victim; absent if it was not ours. */
  participant?: string;
  victimPid: number;
  victimName: string;
  constraint?: string;
  anonRssKb?: number;
  totalVmKb?: number;
  oomScoreAdj?: number;
  memcg?: string;
  atMs: number;
  /** Where the evidence came from. */
  sources: Array<(typeof EVIDENCE_SOURCES)[number]>;
  /** The raw report lines from the kernel log. */
  report: string[];
}

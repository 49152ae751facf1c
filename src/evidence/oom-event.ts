// An OOM kill as a run records it: the kernel's report (kernel-log's OomEvent, parsed from one
// report's lines) attributed to a participant copy, with where the evidence came from. A run's
// result carries these (RunResult.oomEvents); the kernel-log type stays the parser's own.

/** Where the evidence of an OOM kill came from: the kernel's report, the participant's exit by a
 *  SIGKILL the harness did not send, the victim's cgroup's oom_kill counter, the machine's (global runs). */
export const EVIDENCE_SOURCES = ['kmsg', 'signal', 'cgroup-counter', 'host-counter'] as const;

/** One source of evidence. */
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

// Why: an event's sources in one order, whichever came first, so results compare as they read.
export function addSource(e: { sources: EvidenceSource[] }, source: EvidenceSource): void {
  if (!e.sources.includes(source)) e.sources.push(source);
  e.sources.sort((a, b) => EVIDENCE_SOURCES.indexOf(a) - EVIDENCE_SOURCES.indexOf(b));
}

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
  sources: EvidenceSource[];
  /** The raw report lines from the kernel log. */
  report: string[];
}

/** What the kernel log gave a run: its reports, nothing for a kill another source saw, or no access. */
export interface KmsgEvidence {
  kmsg: 'read' | 'silent' | 'unavailable';
  reason?: string;
}

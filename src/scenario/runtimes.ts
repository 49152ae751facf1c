// Why: the runtimes whose own out-of-memory exits oomlab recognises (participant/runtime-oom.ts), named
// here because a scenario names them too (`expect: { participant, outcome: runtime-oom, runtime: java }`).
export const RUNTIMES = ['node', 'java', 'python', 'go'] as const;

/** A runtime whose heap can run out. */
export type Runtime = (typeof RUNTIMES)[number];

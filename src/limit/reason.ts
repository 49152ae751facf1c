import type { RunResult } from '../result/types.js';

const OUTCOME_EXPECTED = /^(survived|oom-killed|malloc-failed|exited|completed|killed|timed-out|crashed|failed-to-start|runtime-oom)\b/;

// Why: a failing try is summed up in a few words (`service oom-killed`), from its first failed check:
// an outcome check says who ended how; any other says what it checked and what it got.
export function failureReason(r: RunResult): string {
  const a = r.assertions.find((x) => !x.passed);
  if (a) return OUTCOME_EXPECTED.test(a.expected) ? a.actual.replace(/: /g, ' ') : `${a.description}: got ${a.actual}`;
  const broken = r.participants.find((p) => p.outcome === 'failed-to-start');
  if (broken) return `${broken.name} failed to start`;
  return `verdict ${r.verdict}`;
}

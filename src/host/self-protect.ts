import { readFileSync, writeFileSync } from 'node:fs';

// Why: the harness must never be the OOM victim. As root it sets its own oom_score_adj to -1000
// (children inherit it, so every participant is started with an explicit oom_score_adj of its own).
export function protectHarness(): { protected: boolean; previous?: number } {
  if (process.getuid?.() !== 0) return { protected: false };
  const previous = Number(readFileSync('/proc/self/oom_score_adj', 'utf8').trim());
  try {
    writeFileSync('/proc/self/oom_score_adj', '-1000');
    return { protected: true, previous };
  } catch {
    return { protected: false, previous };
  }
}

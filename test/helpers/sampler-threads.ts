import { readFileSync, readdirSync } from 'node:fs';

/** Live threads of this process named by the native sampler (pthread_setname_np). */
export function samplerThreads(): number {
  let n = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'latin1').trim() === 'oomlab-sampler') n++;
    } catch {
      // the thread ended while we looked
    }
  }
  return n;
}

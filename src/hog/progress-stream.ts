import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { HogRecord } from '../native/loader.js';

/** A set-up failure reported by the executable before it ran the engine or exec'd a command. */
export interface HogSetupError {
  ev: 'error';
  step: string;
  syscall: string;
  errno: number;
}

// Why: the executable writes one JSON object per line on its progress fd; a torn or foreign line is
// skipped rather than trusted.
export function readHogRecords(stream: Readable, onRecord: (r: HogRecord | HogSetupError) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    try {
      const r = JSON.parse(line) as HogRecord | HogSetupError;
      if (typeof r === 'object' && r !== null && typeof r.ev === 'string') onRecord(r);
    } catch {
      // not a record
    }
  });
  return new Promise((resolve) => lines.once('close', () => resolve()));
}

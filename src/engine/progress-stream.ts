import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { HogLine } from './record.js';

// Why: the executable writes one JSON object per line on its progress fd; a torn or foreign line is
// skipped rather than trusted.
export function readHogRecords(stream: Readable, onRecord: (r: HogLine) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    try {
      const r = JSON.parse(line) as HogLine;
      if (typeof r === 'object' && r !== null && typeof r.ev === 'string') onRecord(r);
    } catch {
      // not a record
    }
  });
  return new Promise((resolve) => lines.once('close', () => resolve()));
}

import type { Readable } from 'node:stream';
import type { HogLine } from './record.js';

// Why: the executable writes one JSON object per line on its progress fd; a torn or foreign line is
// skipped rather than trusted. A plain splitter, not readline: a readline interface per hog cost
// ~0.2 ms each to open and close, and 1000 hogs ending together held the harness for a quarter second.
export function readHogRecords(stream: Readable, onRecord: (r: HogLine) => void): Promise<void> {
  let rest = '';
  const take = (line: string): void => {
    if (!line.startsWith('{')) return;
    try {
      const r = JSON.parse(line) as HogLine;
      if (typeof r === 'object' && r !== null && typeof r.ev === 'string') onRecord(r);
    } catch {
      // not a record
    }
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    let at = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', at)) {
      const line = rest ? rest + chunk.slice(at, nl) : chunk.slice(at, nl);
      rest = '';
      take(line.endsWith('\r') ? line.slice(0, -1) : line);
      at = nl + 1;
    }
    rest += chunk.slice(at);
  });
  return new Promise((resolve) => {
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      if (rest) take(rest); // a last line without its newline, as readline gave it
      rest = '';
      resolve();
    };
    stream.once('end', end);
    stream.once('close', end);
    stream.once('error', end);
  });
}

import type { OomEvent } from './event.js';
import { KernelLogParser, type KernelLogParserOptions } from './parser.js';

// Why: the whole-text entry point. Outside reports it jumps between anchor strings instead of
// visiting every line, which is what keeps it near line-splitting speed on logs that are mostly
// about other things; inside a report it hands every line to the incremental parser, so both forms
// give the same events. Never throws: any text yields a (possibly empty) list.
export function parseKernelLog(text: string, options: KernelLogParserOptions = {}): OomEvent[] {
  const parser = new KernelLogParser({ joinWrapped: true, ...options });
  const events: OomEvent[] = [];
  const input = typeof text === 'string' ? text : String(text);
  const n = input.length;
  let pos = 0;
  while (pos < n) {
    if (!parser.wantsEveryLine) {
      const at = parser.nextAnchor(input, pos);
      if (at < 0) break;
      const lineStart = input.lastIndexOf('\n', at) + 1;
      if (lineStart > pos) {
        parser.skipped(input, pos, lineStart);
        pos = lineStart;
      }
    }
    let nl = input.indexOf('\n', pos);
    if (nl < 0) nl = n;
    parser.pushSpan(input, pos, nl, true);
    parser.drainTo(events);
    pos = nl + 1;
  }
  for (const e of parser.flush()) events.push(e);
  return events;
}

import { explainEvent, explainEvents } from '../../explain/explain.js';
import type { OomEvent } from '../../kernel-log/event.js';
import { parseKernelLogStream } from '../../kernel-log/stream.js';
import { stripControl } from '../../report/escape.js';
import { openLog, Output } from './explain-io.js';

// `oomlab explain`'s action, loaded only when the command runs (commands/explain.ts).

// Why: read the log (a file or stdin) and print each OOM kill in it, explained or as JSON.
export async function explainAction(file: string, flags: { json?: boolean }): Promise<void> {
  const source = await openLog(file, 'FILE');
  if (flags.json) await printJson(source);
  else await printHuman(source);
}

// Events are printed as they complete, so memory stays bounded on a log of any size. Each waits for
// a few later ones first: an `oom_reaper` line (or a panic) is added to its event after the kill.
const HOLD = 4;

async function printHuman(source: AsyncIterable<string | Uint8Array>): Promise<void> {
  const out = new Output();
  let index = 0;
  let printed = false;
  await eachSettled(source, async (event) => {
    const text = explainEvent(event, index).map(stripControl).join('\n');
    await out.add(`${printed ? '\n' : ''}${text}\n`);
    printed = true;
    if (!event.repeat) index++; // kills are numbered as the processes that died
  });
  if (!printed) await out.add(`${explainEvents([]).join('\n')}\n`);
  await out.flush();
}

async function printJson(source: AsyncIterable<string | Uint8Array>): Promise<void> {
  const out = new Output();
  let first = true;
  await out.add('{"events": [');
  await eachSettled(source, async (event) => {
    await out.add(`${first ? '\n' : ',\n'}${escapeC1(JSON.stringify(event))}`);
    first = false;
  });
  await out.add(first ? ']}\n' : '\n]}\n');
  await out.flush();
}

async function eachSettled(source: AsyncIterable<string | Uint8Array>, print: (event: OomEvent) => Promise<void>): Promise<void> {
  const held: OomEvent[] = [];
  for await (const event of parseKernelLogStream(source)) {
    held.push(event);
    if (held.length > HOLD) await print(held.shift() as OomEvent);
  }
  for (const event of held) await print(event);
}

const C1 = /[\u007f-\u009f]/;

// JSON.stringify escapes C0 controls (ESC included) but not C1 ones, which some terminals obey.
function escapeC1(json: string): string {
  if (!C1.test(json)) return json;
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

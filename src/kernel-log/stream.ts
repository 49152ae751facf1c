import type { OomEvent } from './event.js';
import { KernelLogParser, type KernelLogParserOptions } from './parser.js';

// Why: the streaming form for files and pipes of any size: chunks in (strings or bytes, UTF-8 split
// anywhere), events out as each completes; memory stays at one report plus one partial line.
export async function* parseKernelLogStream(
  source: AsyncIterable<string | Uint8Array>,
  options: KernelLogParserOptions = {},
): AsyncGenerator<OomEvent> {
  const parser = new KernelLogParser({ joinWrapped: true, ...options });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* parser.pushChunk(text);
  }
  const tail = decoder.decode();
  if (tail) yield* parser.pushChunk(tail);
  yield* parser.flush();
}

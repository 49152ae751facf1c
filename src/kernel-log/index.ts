// The kernel OOM report parser: whole text, incremental lines/chunks, and async streams.
export { parseKernelLog } from './parse.js';
export { KernelLogParser, type KernelLogParserOptions } from './parser.js';
export { parseKernelLogStream } from './stream.js';
export type * from './event.js';

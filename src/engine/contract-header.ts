import { toEngineConfig } from './config.js';
import { HOG_ENUMS, HOG_EXIT, HOG_FLAGS, HOG_HOLD_FOREVER, HOG_LINE_EVENTS, HOG_NEVER, HOG_NO_TARGET, HOG_OPTIONS, HOG_RECORD_COUNTERS, HOG_RECORD_KEYS } from './contract.js';
import { normalizeHogOptions } from './options.js';

// The C face of contract.ts. scripts/gen-engine-header.mjs writes this text to
// native/engine-contract.h at build time; the header is committed too, so `npm install` (node-gyp
// alone) needs no generator, and test/engine/contract-header.test.ts fails when the two drift.

/** Where the rendered header lives, from the package root. */
export const ENGINE_HEADER_PATH = 'native/engine-contract.h';

const cString = (s: string): string => JSON.stringify(s);
const cWord = (prefix: string, word: string): string => `${prefix}_${word.replace(/-/g, '_').toUpperCase()}`;
const xMacro = (name: string, params: string, rows: readonly string[]): string[] => [`/* ${name}(${params}) */`, `#define ${name}(X) \\`, ...rows.map((r, i) => `  X(${r})${i < rows.length - 1 ? ' \\' : ''}`)];

function enumBlock(e: { cType: string; prefix: string; words: readonly string[] }): string[] {
  const names = e.words.map((w, i) => `${cWord(e.prefix, w)} = ${i}`);
  return [
    `typedef enum { ${names.join(', ')} } ${e.cType};`,
    `#define ${e.prefix}_COUNT ${e.words.length}`,
    `static const char *const ${e.cType}_names[${e.prefix}_COUNT] = {${e.words.map(cString).join(', ')}};`,
    '',
  ];
}

// What `oomlab hog` runs with when a person gives no option at all: the only defaults, as TypeScript
// fills them in; oomlab-hog applies them to what its caller left out only with --defaults.
const DEFAULTS = toEngineConfig(normalizeHogOptions({}));

function optionRow(o: (typeof HOG_OPTIONS)[number], i: number): string {
  const e = o.kind in HOG_ENUMS ? HOG_ENUMS[o.kind as keyof typeof HOG_ENUMS] : undefined;
  const kind = e ? 'WORD' : o.kind.toUpperCase();
  const value = DEFAULTS[o.key];
  const dflt = e ? cWord(e.prefix, String(value)) : o.kind === 'u64' ? `${value}ull` : o.kind === 'i64' ? `(${value}ll)` : String(value);
  return `${i}, ${o.field}, ${cString(o.key)}, ${cString(o.flag)}, ${kind}, ${e ? `${e.cType}_names, ${e.prefix}_COUNT` : 'NULL, 0'}, ${dflt}`;
}

// Why: the one rendering of the contract in C; the generator writes it and the test compares it.
export function renderEngineHeader(): string {
  const lines = [
    '/* GENERATED from src/engine/contract.ts by scripts/gen-engine-header.mjs (npm run build): do not edit.',
    ' * The contract between TypeScript and the C core: exit codes, enum words, option and record names. */',
    '#ifndef OOMLAB_ENGINE_CONTRACT_H',
    '#define OOMLAB_ENGINE_CONTRACT_H',
    '',
    '#include <stddef.h>',
    '',
    "/* oomlab-hog's exit codes */",
    ...Object.entries(HOG_EXIT).map(([k, v]) => `#define HOG_EXIT_${k} ${v}`),
    '',
    '/* enums: value = index of the word; <type>_names[value] is the word */',
    ...Object.values(HOG_ENUMS).flatMap(enumBlock),
    "/* the executable's records that are not engine events */",
    ...Object.entries(HOG_LINE_EVENTS).map(([k, v]) => `#define HOG_LINE_${k} ${cString(v)}`),
    '',
    '/* sentinel values of options */',
    `#define HOG_HOLD_FOREVER (${HOG_HOLD_FOREVER})`,
    `#define HOG_NO_TARGET ${HOG_NO_TARGET}`,
    `#define HOG_NEVER ${HOG_NEVER}`,
    '',
    '/* every engine option, all required; kind U64, I64, F64 or WORD (one of words[0..nwords)); dflt is',
    " * `oomlab hog`'s default, which oomlab-hog takes for a missing option only with --defaults */",
    ...xMacro('HOG_OPTIONS', 'index, field, key, flag, kind, words, nwords, dflt', HOG_OPTIONS.map(optionRow)),
    `#define HOG_OPTION_COUNT ${HOG_OPTIONS.length}`,
    '',
    "/* the record's counters (uint64_t fields of hog_stats) */",
    ...xMacro('HOG_RECORD_COUNTERS', 'field, key', HOG_RECORD_COUNTERS.map((c) => `${c.field}, ${cString(c.key)}`)),
    '',
    "/* the records' other keys */",
    ...Object.entries(HOG_RECORD_KEYS).map(([k, v]) => `#define HOG_KEY_${k} ${cString(v)}`),
    '',
    "/* the executable's other flags */",
    ...Object.entries(HOG_FLAGS).map(([k, v]) => `#define HOG_FLAG_${k} ${cString(v)}`),
    '',
    '#endif',
    '',
  ];
  return lines.join('\n');
}

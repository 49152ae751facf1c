import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { InputError, showValue } from '../errors/input-error.js';
import { locator } from './locate.js';
import { rememberSource } from './sources.js';
import type { Scenario } from './types.js';
import { validateScenario } from './validate.js';

// Reading a scenario file: the only filesystem access in src/scenario (one stat and one read). YAML
// and JSON go through the same YAML parser (JSON is YAML 1.2), so both get line numbers. Every failure
// is one InputError line, `file:line: field: expected X, got Y`; the locator is kept with the Scenario
// so plan-time errors can name the line too.

const MAX_FILE = 1024 * 1024;

function oneLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}

// Aliases are resolved only here: an undefined one, or an alias bomb (more than 100 expansions), throws.
function toPlain(doc: Document, lines: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    let offset = 0;
    visit(doc, {
      Alias(_key, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new InputError('YAML', 'valid YAML or JSON', oneLine(err instanceof Error ? err.message : String(err)), `${file}:${lines.linePos(offset).line}`);
  }
}

// Why: text to Scenario, for a file already read (and for tests); `file` is only used in messages and for cwd.
export function parseScenarioText(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const bad = doc.errors[0];
  if (bad) {
    const line = bad.linePos?.[0]?.line ?? lines.linePos(bad.pos[0]).line;
    throw new InputError('YAML', 'valid YAML or JSON', oneLine(bad.message), `${file}:${line}`);
  }
  const locate = locator(doc, lines);
  let scenario: Scenario;
  try {
    scenario = validateScenario(toPlain(doc, lines, file));
  } catch (err) {
    if (err instanceof InputError && err.where === undefined) throw new InputError(err.field, err.expected, err.got, `${file}:${locate(err.field)}`);
    throw err;
  }
  scenario.file = file;
  scenario.baseDir = dirname(resolve(file));
  rememberSource(scenario, file, locate);
  return scenario;
}

// Why: the orchestrator's entry point: a path in, a validated Scenario out, or one InputError line.
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError('scenario file', 'a regular file', 'a directory or device', file);
    if (info.size > MAX_FILE) throw new InputError('scenario file', 'a file of at most 1 MiB', `${info.size} bytes`, file);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    throw new InputError('scenario file', 'a readable scenario file', code === 'ENOENT' ? 'no such file' : showValue(code), file);
  }
  return parseScenarioText(text, file);
}

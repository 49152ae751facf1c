import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { InputError, showValue } from '../errors/input-error.js';
import { parseDuration } from '../units/duration.js';
import { parseSize } from '../units/size.js';
import { normalizeVm } from '../scenario/normalize-vm.js';
import { comboLabel, machineOf, matrixCombos, overridesOf, parseMatrixAxis } from '../scenario/matrix-keys.js';
import { LAB_METRICS, type Lab, type LabMetric, type LabQuestion, type LabRunSpec } from './lab-types.js';

// A lab file (`oomlab lab <lab.yaml>`): the scenario, the base machine, the machines to compare
// (`compare:`, a list of named vm blocks, or `matrix:`, keys to values as --matrix takes them) and
// the questions (`expect:`). A scenario path is relative to the lab file; a bare name is built in.

const vmKeys = {
  mem: z.union([z.string(), z.number()]).optional(),
  swap: z.union([z.string(), z.number()]).optional(),
  swapKind: z.string().optional(),
  zramAlgo: z.string().optional(),
  lruGen: z.union([z.string(), z.boolean()]).optional(),
  sysctl: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
};
const labSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, { error: 'lower-case letters, digits, - and _' }),
  description: z.string().optional(),
  scenario: z.string(),
  vm: z.strictObject(vmKeys).optional(),
  compare: z.array(z.strictObject({ name: z.string().min(1).max(40), ...vmKeys })).min(1).optional(),
  matrix: z.record(z.string(), z.array(z.union([z.string(), z.number()])).min(1)).optional(),
  allowBigMatrix: z.boolean().optional(),
  expect: z
    .array(
      z.strictObject({
        question: z.string().min(1),
        participant: z.string().optional(),
        outcome: z.enum(['survived', 'oom-killed', 'malloc-failed', 'completed']).optional(),
        max: z.partialRecord(z.enum(LAB_METRICS), z.union([z.string(), z.number()])).optional(),
        best: z.enum(LAB_METRICS).optional(),
      }),
    )
    .optional(),
});

/** Units of each metric's bound: durations in ms, sizes in bytes, counts as they are. */
function bound(metric: LabMetric, value: string | number, field: string): number {
  if (metric === 'majorFaults' || metric === 'oomKills') {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    throw new InputError(field, 'a whole number', showValue(value));
  }
  if (metric === 'peakSwap') return parseSize(value, field);
  const ms = parseDuration(value, field) / 1e6;
  return metric === 'psiFull' ? ms * 1000 : ms;
}

// Why: text to Lab, with one InputError naming the field (and the file) on any mistake.
export function parseLabText(text: string, file: string): Lab {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new InputError('YAML', 'valid YAML or JSON', showValue((err as Error).message.split('\n')[0]), file);
  }
  const parsed = labSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.path.join('.') || 'lab', issue.message, undefined, file);
  }
  const l = parsed.data;
  try {
    if (!l.compare === !l.matrix) throw new InputError('compare', 'either compare: (a list of named machines) or matrix: (keys to values), not both or neither');
    let runs: LabRunSpec[];
    if (l.compare) {
      runs = l.compare.map(({ name, ...vm }, i) => ({ label: name, settings: [], machine: normalizeVm(vm, `compare.${i}`), overrides: {} }));
    } else {
      const axes = Object.entries(l.matrix!).map(([k, vs]) => parseMatrixAxis(`${k}=${vs.join(',')}`, true));
      runs = matrixCombos(axes, l.allowBigMatrix ?? false).map((c) => ({ label: comboLabel(c), settings: c, machine: machineOf(c), overrides: overridesOf(c) }));
    }
    const questions = (l.expect ?? []).map((e, i): LabQuestion => {
      const q: LabQuestion = { question: e.question };
      if (e.participant !== undefined) q.participant = e.participant;
      if (e.outcome !== undefined) q.outcome = e.outcome;
      if (e.best !== undefined) q.best = e.best;
      if (e.max) q.max = Object.fromEntries(Object.entries(e.max).map(([m, v]) => [m, bound(m as LabMetric, v, `expect.${i}.max.${m}`)]));
      return q;
    });
    const scenario = /[/\\]|\.(ya?ml|json)$/.test(l.scenario) ? resolve(dirname(file), l.scenario) : l.scenario;
    const lab: Lab = { name: l.name, scenario, base: l.vm ? normalizeVm(l.vm) : {}, runs, questions };
    if (l.description !== undefined) lab.description = l.description;
    return lab;
  } catch (err) {
    if (err instanceof InputError && err.where === undefined) throw new InputError(err.field, err.expected, err.got, file);
    throw err;
  }
}

// Why: `oomlab lab FILE`: read (at most 1 MiB) and parse.
export async function loadLab(file: string): Promise<Lab> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError('lab file', 'a readable lab file', showValue((err as NodeJS.ErrnoException).code ?? 'an error'), file);
  }
  if (text.length > 2 ** 20) throw new InputError('lab file', 'a file of at most 1 MiB', `${text.length} characters`, file);
  return parseLabText(text, file);
}

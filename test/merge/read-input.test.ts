import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { defaultLabel, toLabel } from '../../src/merge/labels.js';
import { parseMergeArg, readMergeInputs } from '../../src/merge/read-input.js';
import { mergedJson } from '../../src/merge/reports.js';
import { resultFixture } from '../helpers/results.js';

// `oomlab merge` reads files from other machines: every shape `oomlab run --json` writes, each run
// checked, each labelled by its host (or NAME=FILE); anything else is one line naming the file.
const FLEET = join(import.meta.dirname, '../fixtures/results/fleet');
const VM_TOUCHED = join(FLEET, 'vm.touched-oom.json');
const VM_CONTENTION = join(FLEET, 'vm.contention-two.json');
const GUEST_CONTENTION = join(FLEET, 'guest.contention-two.json');
const dir = mkdtempSync(join(tmpdir(), 'oomlab-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const json = (file: string): Record<string, any> => JSON.parse(readFileSync(file, 'utf8'));
const write = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const refusal = (args: string[]): string => {
  try {
    readMergeInputs(args);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('oomlab merge: reading results', () => {
  it('labels each run by host name and kernel, or by its file name when the result has no host name', () => {
    const m = readMergeInputs([VM_TOUCHED, VM_CONTENTION, GUEST_CONTENTION]);
    expect(m.schema).toBe('oomlab/merged@1');
    expect(m.runs.map((r) => [r.label, r.result.scenario.name, r.result.verdict])).toEqual([
      ['vm@6.18.44-fc-v1252', 'touched-oom', 'pass'],
      ['vm@6.18.44-fc-v1252', 'contention-two', 'pass'],
      ['guest.contention-two@6.1.0-57-cloud-amd64', 'contention-two', 'fail'],
    ]);
    expect(m.runs[2]!.file).toBe(GUEST_CONTENTION);
  });

  it('takes NAME=FILE as the label; a path with a / before its = is a file', () => {
    expect(parseMergeArg('guest=a.json')).toEqual({ name: 'guest', file: 'a.json' });
    expect(parseMergeArg('./x=y.json')).toEqual({ file: './x=y.json' });
    expect(parseMergeArg('dir/a.json')).toEqual({ file: 'dir/a.json' });
    expect(readMergeInputs([`guest=${GUEST_CONTENTION}`]).runs[0]!.label).toBe('guest');
  });

  it('reads { runs } (several scenarios) and { matrix, runs } (a sweep), labelling matrix runs by value', () => {
    const runs = [json(VM_TOUCHED), json(VM_CONTENTION)];
    const many = write('many.json', { runs });
    expect(readMergeInputs([many]).runs.map((r) => `${r.label} ${r.result.scenario.name}`)).toEqual(['vm@6.18.44-fc-v1252 touched-oom', 'vm@6.18.44-fc-v1252 contention-two']);
    const sweep = write('sweep.json', { matrix: { key: 'swappiness', values: ['0', '60'], rows: [] }, runs: [json(VM_CONTENTION), json(VM_CONTENTION)] });
    const m = readMergeInputs([`box=${sweep}`]);
    expect(m.runs.map((r) => [r.label, r.variant])).toEqual([['box', 'swappiness=0'], ['box', 'swappiness=60']]);
  });

  it('reads its own --json again, labels kept, and older (@1) results upgraded', () => {
    const first = readMergeInputs([VM_TOUCHED, `guest=${GUEST_CONTENTION}`]);
    const again = readMergeInputs([write('merged.json', mergedJson(first)), join(import.meta.dirname, '../fixtures/results/virtual-only.json')]);
    expect(again.runs.map((r) => r.label)).toEqual(['vm@6.18.44-fc-v1252', 'guest', 'virtual-only@6.18.44-fc-v782']);
    expect(again.runs[1]!.result).toEqual(resultFixture('fleet/guest.contention-two.json'));
  });

  it('makes a hostile host name a safe label', () => {
    const r = resultFixture('fleet/vm.touched-oom.json');
    r.host.hostname = '<img src=x onerror=1>\x1b]0;pwned\x07';
    expect(defaultLabel(r, 'a.json')).toBe('_img_src_x_onerror_1___0_pwned_@6.18.44-fc-v1252');
    expect(toLabel('.hidden')).toBe('_.hidden');
    expect(toLabel('x'.repeat(300))).toHaveLength(100);
  });

  it.each<[string, () => string[], RegExp | string]>([
    ['a file that does not exist', () => [join(dir, 'nope.json')], `RESULT: expected a readable oomlab result file, got "${join(dir, 'nope.json')}" (ENOENT)`],
    ['a directory', () => [dir], `RESULT: expected a readable oomlab result file, got "${dir}" (a directory)`],
    ['text that is not JSON', () => [write('text.json', 'not json\x1b[2J')], /^".*text\.json": RESULT: expected an oomlab result \(JSON\), got text that is not JSON \(\d+ bytes\)$/],
    ['JSON that is not a result', () => [write('other.json', { name: 'package' })], /^".*other\.json": RESULT: expected an oomlab result: .*, got JSON with neither "schema" nor "runs"$/],
    ['another schema version', () => [write('v3.json', { ...json(VM_TOUCHED), schema: 'oomlab/result@3' })], /^".*v3\.json": schema: expected "oomlab\/result@2" .*, got "oomlab\/result@3"$/],
    ['a broken run inside { runs }', () => [write('broken.json', { runs: [json(VM_TOUCHED), { ...json(VM_CONTENTION), verdict: '<b>' }] })], /^".*broken\.json": runs\[1\]\.verdict: expected one of "pass", "fail"$/],
    ['an empty { runs }', () => [write('empty.json', { runs: [] })], /^".*empty\.json": runs: expected at least one run, got none$/],
    ['a label that is not a safe name', () => [`a b=${VM_TOUCHED}`], /^".*vm\.touched-oom\.json": NAME: expected a label of letters, digits .*, got "a b"$/],
    ['an empty label', () => [`=${VM_TOUCHED}`], /NAME: expected a label of letters/],
    ['a name for a merged file', () => [`x=${write('m2.json', mergedJson(readMergeInputs([VM_TOUCHED])))}`], /m2\.json": NAME: expected no name for a merged file/],
    ['a bad label inside a merged file', () => [write('m3.json', { schema: 'oomlab/merged@1', runs: [{ label: '<x>', file: 'a', result: json(VM_TOUCHED) }] })], /m3\.json": runs\[0\]\.label: expected a label/],
    ['a matrix value that is markup', () => [write('mx.json', { matrix: { key: 'swappiness', values: ['<i>'] }, runs: [json(VM_TOUCHED)] })], /mx\.json": matrix\.values: expected one short value/],
    ['two runs of a scenario with the same label', () => [VM_TOUCHED, write('again.json', json(VM_TOUCHED))], /^".*again\.json": label: expected a label no other run of "touched-oom" has \(name this file's runs: NAME=FILE\), got "vm@6\.18\.44-fc-v1252", which ".*vm\.touched-oom\.json" has too$/],
  ])('refuses %s in one line naming the file', (_name, args, message) => {
    const text = refusal(args());
    if (typeof message === 'string') expect(text).toBe(message);
    else expect(text).toMatch(message);
    expect(text).not.toContain('\n');
    expect(text).not.toMatch(/\x1b|<b>|<i>/);
  });

  it('accepts one label for runs of different scenarios (one host, one file per scenario)', () => {
    const m = readMergeInputs([`guest=${GUEST_CONTENTION}`, `guest=${join(FLEET, 'guest.touched-oom.json')}`]);
    expect(m.runs.map((r) => r.label)).toEqual(['guest', 'guest']);
  });
});

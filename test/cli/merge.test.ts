import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

// `oomlab merge` as a user runs it: exit 0 when every run passed, 1 when one failed; bad input is one
// line, exit 2, and nothing is written.
const FLEET = join(import.meta.dirname, '../fixtures/results/fleet');
const THREE = [join(FLEET, 'vm.touched-oom.json'), join(FLEET, 'vm.contention-two.json'), `guest=${join(FLEET, 'guest.contention-two.json')}`];
const dir = mkdtempSync(join(tmpdir(), 'oomlab-merge-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const merge = (...args: string[]) => execa(process.execPath, [CLI, 'merge', ...args], { reject: false });

describe('oomlab merge', () => {
  it('folds three results of two hosts (one failing) into HTML, JUnit and merged JSON: exit 1', async () => {
    const out = mkdtempSync(join(dir, 'ok-'));
    const [html, junit, json] = ['fleet.html', 'fleet.xml', 'merged.json'].map((f) => join(out, f));
    const r = await merge(...THREE, '--html', html!, '--junit', junit!, '--json', json!);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('3 runs from 2 hosts: 2 passed, 1 failed');
    expect(readFileSync(html!, 'utf8')).toContain('<section class="fleet" data-scenario="contention-two">');
    expect(readFileSync(junit!, 'utf8').match(/<testsuite /g)).toHaveLength(2);
    const merged = JSON.parse(readFileSync(json!, 'utf8'));
    expect(merged.schema).toBe('oomlab/merged@1');
    expect(merged.runs.map((x: { label: string }) => x.label)).toEqual(['vm@6.18.44-fc-v1252', 'vm@6.18.44-fc-v1252', 'guest']);
    const again = await merge(json!);
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toBe(r.stdout);
    expect((await merge(join(FLEET, 'vm.touched-oom.json'))).exitCode).toBe(0);
  });

  it.each([
    ['a file that is not a result', () => writeFileSync(join(dir, 'bad.json'), '{"name": "x"}'), join(dir, 'bad.json'), /^oomlab: ".*bad\.json": RESULT: expected an oomlab result/],
    ['another schema version', () => writeFileSync(join(dir, 'v9.json'), '{"schema": "oomlab/result@9"}'), join(dir, 'v9.json'), /^oomlab: ".*v9\.json": schema: expected .*, got "oomlab\/result@9"$/],
    ['an unreadable file', () => {}, join(dir, 'missing.json'), /^oomlab: RESULT: expected a readable oomlab result file, got ".*missing\.json" \(ENOENT\)$/],
    ['a path with a / before its = (a file, not NAME=FILE)', () => {}, `../x=${join(FLEET, 'vm.touched-oom.json')}`, /^oomlab: RESULT: expected a readable oomlab result file, got "\.\.\/x=.*" \(ENOENT\)$/],
    ['a label with a space', () => {}, `a b=${join(FLEET, 'vm.touched-oom.json')}`, /^oomlab: ".*vm\.touched-oom\.json": NAME: expected a label of letters/],
    ['a second run with the same label', () => {}, `guest=${join(FLEET, 'guest.contention-two.json')}`, /^oomlab: ".*guest\.contention-two\.json": label: expected a label no other run of "contention-two" has/],
  ])('refuses %s: one line naming it, exit 2, nothing written', async (_name, setup, bad, message) => {
    setup();
    const out = mkdtempSync(join(dir, 'bad-'));
    const r = await merge(...THREE, bad, '--html', join(out, 'a.html'), '--junit', join(out, 'a.xml'), '--json', join(out, 'a.json'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n|\s+at /);
    expect(r.stdout).toBe('');
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses an output that could never be written before reading anything; a failed write is exit 1', async () => {
    const r = await merge(join(dir, 'missing.json'), '--html', join(dir, 'no-such-dir', 'a.html'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`oomlab: --html: expected a file path in an existing directory this user can write, got ${JSON.stringify(join(dir, 'no-such-dir', 'a.html'))}`);
    if (existsSync('/dev/full') && process.geteuid?.() === 0) {
      const full = await merge(...THREE, '--junit', '/dev/full');
      expect(full.exitCode).toBe(1);
      expect(full.stderr).toBe('oomlab: cannot write --junit /dev/full: no space left on the device (ENOSPC)');
    }
  });
});

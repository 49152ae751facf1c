import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, readTarImage } from '../../src/vm/tar-reader.js';
import { readResultsDisk } from '../../src/vm/results.js';
import { commandOnPath } from '../helpers/commands.js';

// Archives are made by the real tools (busybox tar, which the guest runs, and GNU tar) from trees a
// hostile guest could make, plus hand-made headers for what no tar tool writes.

const LIMITS = { maxFileBytes: 1024, maxTotalBytes: 4096, maxEntries: 100 };
const work = mkdtempSync(join(tmpdir(), 'oomlab-tar-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The guest's layout: init's own records under oomlab/, the command's files under newroot/results. */
function hostileTree(): string {
  const root = mkdtempSync(join(work, 'tree-'));
  const res = join(root, 'newroot/results');
  mkdirSync(join(res, 'sub'), { recursive: true });
  mkdirSync(join(root, 'oomlab'));
  writeFileSync(join(root, 'oomlab/kmsg.txt'), '[    0.1] oomlab-init: start\n');
  writeFileSync(join(root, 'oomlab/exit-code'), '0\n');
  writeFileSync(join(res, 'result.json'), '{"ok":1}');
  writeFileSync(join(res, 'sub', 'x'.repeat(150)), 'a long name');
  linkSync(join(res, 'result.json'), join(res, 'hard'));
  symlinkSync('/etc/shadow', join(res, 'leak'));
  symlinkSync('/etc', join(res, 'dir'));
  execFileSync('mkfifo', [join(res, 'fifo')]);
  writeFileSync(join(res, 'big.bin'), Buffer.alloc(2000, 1));
  return root;
}

function tarOf(tool: string[], root: string): string {
  const file = join(work, `${tool[0]}-${Math.random().toString(36).slice(2)}.tar`);
  execFileSync(tool[0]!, [...tool.slice(1), '-cf', file, '-C', root, 'oomlab/kmsg.txt', 'oomlab/exit-code', 'newroot/results']);
  return file;
}

const tools: Array<[string, string[]]> = [['GNU tar', ['tar', '--format=gnu']]];
if (commandOnPath('busybox')) tools.push(['busybox tar', ['busybox', 'tar']]);
else it.skip('busybox tar: not installed (apt-get install busybox-static)', () => {});

describe.each(tools)('the results disk, written by %s', (_name, tool) => {
  const r = readResultsDisk(tarOf(tool, hostileTree()), LIMITS);

  it('brings back the regular files and the hard link (a copy from inside the archive)', () => {
    expect(Object.keys(r.files).sort()).toEqual(['hard', 'result.json', `sub/${'x'.repeat(150)}`].sort());
    expect(r.files['result.json']?.toString()).toBe('{"ok":1}');
    expect(r.files.hard?.toString()).toBe('{"ok":1}');
    expect(r.kmsg).toBe('[    0.1] oomlab-init: start\n');
    expect(r.exitCode).toBe(0);
  });

  it('refuses the links, the fifo and the oversized file by name, and follows nothing', () => {
    expect(r.refused).toContain('results/leak: a symbolic link (refused)');
    expect(r.refused).toContain('results/dir: a symbolic link (refused)');
    expect(r.refused).toContain('results/fifo: a fifo (refused)');
    expect(r.refused).toContain('results/big.bin: 2000 bytes, over the limit of 1024 per file (refused)');
    expect(r.refused).toHaveLength(4);
  });
});

// One ustar header; `over` sets fields after the checksum is computed when `badSum`.
function header(name: string, opts: { type?: string; size?: number; link?: string; badSum?: boolean } = {}): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${(opts.size ?? 0).toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(opts.type ?? '0', 156);
  if (opts.link) h.write(opts.link, 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${(opts.badSum ? sum + 1 : sum).toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}
const data = (text: string): Buffer => {
  const b = Buffer.alloc(Math.ceil(text.length / 512) * 512);
  b.write(text);
  return b;
};
const parse = (...blocks: Buffer[]) => {
  const all = Buffer.concat([...blocks, Buffer.alloc(1024)]);
  return readTar((buf, at) => all.copy(buf, 0, at, Math.min(all.length, at + buf.length)), LIMITS);
};

describe('readTar on archives no tar tool writes', () => {
  it('refuses absolute names and names with .., and keeps no key outside the archive', () => {
    const r = parse(header('/etc/passwd', { size: 3 }), data('abc'), header('a/../../x', { size: 3 }), data('abc'), header('ok', { size: 2 }), data('ok'));
    expect(Object.keys(r.files)).toEqual(['ok']);
    expect(r.refused).toEqual([
      '/etc/passwd: a name outside the results (absolute, empty or with ..) (refused)',
      'a/../../x: a name outside the results (absolute, empty or with ..) (refused)',
    ]);
  });

  it('treats __proto__ as a name like any other', () => {
    const r = parse(header('__proto__', { size: 2 }), data('hi'));
    expect(Object.getPrototypeOf(r.files)).toBe(null);
    expect(r.files.__proto__?.toString()).toBe('hi');
  });

  it('refuses a hard link to a host path, or to a name it has not seen', () => {
    const r = parse(header('h1', { type: '1', link: '/etc/shadow' }), header('h2', { type: '1', link: 'later' }), header('later', { size: 1 }), data('l'));
    expect(Object.keys(r.files)).toEqual(['later']);
    expect(r.refused).toEqual([
      'h1: a hard link to something that is not a file of this archive (refused)',
      'h2: a hard link to something that is not a file of this archive (refused)',
    ]);
  });

  it('stops at a damaged header, keeping what came before', () => {
    const r = parse(header('a', { size: 1 }), data('a'), header('b', { size: 1, badSum: true }), data('b'));
    expect(Object.keys(r.files)).toEqual(['a']);
    expect(r.refused).toEqual(['archive: a damaged header at byte 1024 (reading stopped there)']);
  });

  it('bounds the total, the entries and the long names', () => {
    const five = Array.from({ length: 5 }, (_, i) => [header(`f${i}`, { size: 1000 }), data('x'.repeat(1000))]).flat();
    const r = parse(...five);
    expect(Object.keys(r.files)).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(r.refused).toEqual(['f4: over the limit of 4096 bytes in all (refused)']);
    const many = parse(...Array.from({ length: 101 }, (_, i) => header(`d${i}`, { type: '5' })));
    expect(many.refused).toEqual(['archive: more than 100 entries (the rest was not read)']);
    const long = parse(header('././@LongLink', { type: 'L', size: 5000 }), data('y'.repeat(5000)), header('short', { size: 1 }), data('s'));
    expect(long.refused).toEqual(['archive: a long name of 5000 bytes (over 4096; ignored)']);
    expect(Object.keys(long.files)).toEqual(['short']);
  });

  it('shows control characters in a refused name as ?', () => {
    const r = parse(header('\x1b]0;pwned\x07', { type: '2', link: '/' }));
    expect(r.refused).toEqual(['?]0;pwned?: a symbolic link (refused)']);
  });

  it('reads an all-zero disk as empty', () => {
    const file = join(work, 'zero.img');
    writeFileSync(file, Buffer.alloc(8192));
    expect(readTarImage(file, LIMITS)).toEqual({ files: {}, refused: [] });
    expect(readFileSync(file).length).toBe(8192);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Output, readLogFile } from '../../src/cli/commands/explain-io.js';

// explain's reader decodes a file in 64 KiB pieces (ASCII ones as Latin-1), its writer gathers output.
const dir = mkdtempSync(join(tmpdir(), 'oomlab-explain-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(text: string | Buffer): Promise<string> {
  const file = join(dir, 'log');
  writeFileSync(file, text);
  let out = '';
  for await (const piece of readLogFile(await open(file, 'r'))) out += piece;
  return out;
}

describe('readLogFile', () => {
  it('gives the file as UTF-8 text, characters split across pieces and reads included', async () => {
    const ascii = 'x'.repeat((1 << 16) - 1);
    for (const text of [
      '',
      'plain ASCII\n',
      `${ascii}月 after a 3-byte character across the first piece boundary\n`,
      `${'y'.repeat((1 << 20) - 2)}😀 across the read boundary, then ASCII ${'z'.repeat(1 << 17)}`,
      `${ascii}é${'a'.repeat(1 << 16)}ü`,
    ]) {
      expect(await readAll(text)).toBe(text);
    }
  });

  it('replaces invalid UTF-8 as the decoder does, and recovers for ASCII after it', async () => {
    const bytes = Buffer.concat([Buffer.from('a'.repeat((1 << 16) - 1)), Buffer.from([0xe6, 0x9c]), Buffer.from('b'.repeat(1 << 16))]);
    expect(await readAll(bytes)).toBe(new TextDecoder().decode(bytes));
  });
});

describe('Output', () => {
  it('writes everything added, in order, by the end of flush()', async () => {
    const sink = new PassThrough({ highWaterMark: 16 });
    let got = '';
    sink.on('data', (b: Buffer) => (got += b.toString()));
    const out = new Output(sink);
    const parts = Array.from({ length: 3000 }, (_, i) => `${i},`);
    for (const p of parts) await out.add(p);
    await out.flush();
    expect(got).toBe(parts.join(''));
  });
});

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readHogRecords } from '../../src/engine/progress-stream.js';

describe('readHogRecords', () => {
  it('joins lines split across chunks, skips foreign and torn lines, and keeps a last line without newline', async () => {
    const s = new PassThrough();
    const seen: unknown[] = [];
    const done = readHogRecords(s, (r) => seen.push(r));
    s.write('{"ev":"start","vszBy');
    s.write('tes":1}\r\nnot a record\n{"ev":"tick"');
    s.write(',"blocks":2}\n{"torn":\n[1,2]\n{"ev":"done","outcome":"completed"}');
    s.end();
    await done;
    expect(seen).toEqual([{ ev: 'start', vszBytes: 1 }, { ev: 'tick', blocks: 2 }, { ev: 'done', outcome: 'completed' }]);
  });

  it('ends when its stream is destroyed before its end', async () => {
    const s = new PassThrough();
    const seen: unknown[] = [];
    const done = readHogRecords(s, (r) => seen.push(r));
    s.write('{"ev":"start"}\n');
    await new Promise((r) => setImmediate(r));
    s.destroy();
    await done;
    expect(seen).toEqual([{ ev: 'start' }]);
  });
});

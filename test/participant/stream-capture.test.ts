import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessOutput } from '../../src/participant/output-capture.js';
import { STREAM_LIMITS, StreamCapture } from '../../src/participant/stream-capture.js';

// What is kept of a participant's output, whatever it sends: lines split across chunks, invalid
// UTF-8, a 10 MB line without a newline, more than the file keeps. (Its escaping in the reports is
// tested with them: test/report/*.)
const dir = mkdtempSync(join(tmpdir(), 'oomlab-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 2 ** 20;

describe('StreamCapture', () => {
  it('keeps the last 64 lines, whole lines across chunk boundaries, CRLF and a last line without newline', () => {
    const c = new StreamCapture();
    for (let i = 1; i <= 100; i++) c.push(Buffer.from(`line ${i}\r\n`));
    c.push(Buffer.from('par'));
    c.push(Buffer.from('tial'));
    const kept = c.end();
    expect(kept.tail).toHaveLength(64);
    expect(kept.tail[0]).toBe('line 38');
    expect(kept.tail.at(-2)).toBe('line 100');
    expect(kept.tail.at(-1)).toBe('partial');
    expect(kept.cut).toBe(false);
  });

  it('decodes UTF-8 split across chunks and turns invalid bytes into U+FFFD', () => {
    const c = new StreamCapture();
    const euro = Buffer.from('€ ok\n');
    c.push(euro.subarray(0, 1));
    c.push(euro.subarray(1));
    c.push(Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0xc3, 0x0a]));
    expect(c.end().tail).toEqual(['€ ok', 'bad \ufffd\ufffd\ufffd']);
  });

  it('a 10 MB line without a newline: its start kept, the rest counted, memory bounded', () => {
    const c = new StreamCapture();
    const chunk = Buffer.alloc(64 * 1024, 'A');
    const before = process.memoryUsage().heapUsed;
    for (let sent = 0; sent < 10 * 1000 * 1000; sent += chunk.length) c.push(chunk);
    const grown = process.memoryUsage().heapUsed - before;
    const kept = c.end();
    expect(kept.tail).toHaveLength(1);
    expect(kept.tail[0]).toMatch(/^A{1000} \[\.\.\. \d+ more characters\]$/);
    expect(kept.bytes).toBe(Math.ceil((10 * 1000 * 1000) / chunk.length) * chunk.length);
    // Nothing proportional to the line was kept (10 MB of text would be 10-20 MB of heap).
    expect(grown).toBeLessThan(8 * MiB);
  });

  it('the file holds the whole stream up to 8 MiB, then a note saying where it was cut', () => {
    const file = join(dir, 'big.stdout');
    const c = new StreamCapture(STREAM_LIMITS, undefined, file);
    const line = Buffer.from(`${'y'.repeat(1023)}\n`);
    const lines = 9 * 1024; // 9 MiB
    for (let i = 0; i < lines; i++) c.push(line);
    const kept = c.end();
    expect(kept).toMatchObject({ bytes: 9 * MiB, cut: true });
    const text = readFileSync(file, 'latin1');
    const note = `\n[oomlab: output cut here: the first ${8 * MiB} of ${9 * MiB} bytes are kept]\n`;
    expect(text.endsWith(note)).toBe(true);
    expect(statSync(file).size).toBe(8 * MiB + note.length);
    expect(text.slice(0, 8 * MiB)).toBe(line.toString('latin1').repeat(8 * 1024));
  });

  it('a stream under the limit is written whole, bytes as they came (invalid UTF-8 too), no note', () => {
    const file = join(dir, 'small.stderr');
    const c = new StreamCapture(STREAM_LIMITS, undefined, file);
    const bytes = Buffer.from([0x3c, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3e, 0xff, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a]);
    c.push(bytes);
    expect(c.end()).toMatchObject({ bytes: bytes.length, cut: false });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a file that cannot be written is reported once; the lines are still kept', () => {
    const errors: unknown[] = [];
    const c = new StreamCapture(STREAM_LIMITS, undefined, join(dir, 'no-such-dir', 'x.stdout'), (e) => errors.push(e));
    c.push(Buffer.from('still kept\n'));
    expect(c.end().tail).toEqual(['still kept']);
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('ProcessOutput', () => {
  it('drains both pipes as they arrive, names the files after the process, and decides on stderr plus exit', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = new ProcessOutput('svc~1', { stdout, stderr }, { dir });
    stdout.write('hello\n');
    stderr.write('Traceback (most recent call last):\n  File "x", line 1\nMemory');
    stderr.end('Error\n');
    stdout.end();
    await out.ended;
    const kept = out.finish();
    expect(kept).toEqual({ stdoutTail: ['hello'], stderrTail: ['Traceback (most recent call last):', '  File "x", line 1', 'MemoryError'] });
    expect(out.runtimeOom({ exitCode: 1 })).toEqual({ runtime: 'python', line: 'MemoryError' });
    expect(out.runtimeOom({ exitCode: 0 })).toBeUndefined();
    expect(readFileSync(join(dir, 'svc~1.stdout'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(dir, 'svc~1.stderr'), 'utf8')).toContain('MemoryError\n');
  });

  it('says which stream went past the file limit', async () => {
    const stdout = new PassThrough();
    const out = new ProcessOutput('cut', { stdout, stderr: null }, { limits: { ...STREAM_LIMITS, fileBytes: 10 } });
    stdout.end('0123456789abc\n');
    await out.ended;
    expect(out.finish()).toEqual({ stdoutTail: ['0123456789abc'], stderrTail: [], outputCut: { stdout: true } });
  });
});

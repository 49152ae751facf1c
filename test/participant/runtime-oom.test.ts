import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recogniseRuntimeOom, RuntimeOomScanner } from '../../src/participant/runtime-oom.js';

// The recogniser on what the runtimes really print (test/fixtures/runtime-oom, see its README), with
// the exits they really came with; and the near misses: the line without its exit, the exit without
// its line, look-alike errors.
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/runtime-oom/${name}`, import.meta.url), 'utf8');

const ABORT = { signal: 'SIGABRT' };
const exit = (exitCode: number) => ({ exitCode });

describe('runtime-oom: the real messages with their exits', () => {
  it.each([
    ['node-20-heap-limit.stderr', ABORT, 'node', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
    ['node-20-heap-limit.stderr', exit(134), 'node', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
    ['node-20-rlimit-as.stderr', ABORT, 'node', 'FATAL ERROR: Committing semi space failed. Allocation failed - JavaScript heap out of memory'],
    ['python-3.11-memoryerror.stderr', exit(1), 'python', 'MemoryError'],
    ['java-17-uncaught.stderr', exit(1), 'java', 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space'],
    ['go-1.13-linux-sysmap.stderr', exit(2), 'go', 'fatal error: runtime: out of memory'],
    ['go-1.13-linux-sysmap.stderr', ABORT, 'go', 'fatal error: runtime: out of memory'],
    ['go-1.22-windows-virtualalloc.stderr', exit(2), 'go', 'fatal error: out of memory'],
  ] as const)('%s with %j: %s', (file, how, runtime, line) => {
    expect(recogniseRuntimeOom(fixture(file), how)).toEqual({ runtime, line });
  });

  it('java with -XX:+ExitOnOutOfMemoryError: the line is on stdout, the exit 3', () => {
    expect(recogniseRuntimeOom('', exit(3), fixture('java-17-exit-on-oom.stdout'))).toEqual({ runtime: 'java', line: 'Terminating due to java.lang.OutOfMemoryError: Java heap space' });
  });

  it('java with -XX:+CrashOnOutOfMemoryError aborts', () => {
    expect(recogniseRuntimeOom('Aborting due to java.lang.OutOfMemoryError: Java heap space\n', ABORT)).toMatchObject({ runtime: 'java' });
  });

  it('a python MemoryError with a message, and one raised in a chained traceback', () => {
    const chained = 'Traceback (most recent call last):\n  File "a.py", line 3, in <module>\nKeyError: 1\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "a.py", line 5, in <module>\nMemoryError: cannot allocate array\n';
    expect(recogniseRuntimeOom(chained, exit(1))).toEqual({ runtime: 'python', line: 'MemoryError: cannot allocate array' });
  });

  it('lines with CRLF endings and trailing blanks are read the same', () => {
    expect(recogniseRuntimeOom(fixture('python-3.11-memoryerror.stderr').replace(/\n/g, '\r\n'), exit(1))).toEqual({ runtime: 'python', line: 'MemoryError' });
  });
});

describe('runtime-oom: near misses are not runtime OOMs', () => {
  it.each([
    ['the Node line, but exit 0', fixture('node-20-heap-limit.stderr'), exit(0)],
    ['the Node line, but exit 1', fixture('node-20-heap-limit.stderr'), exit(1)],
    ['the Node line, then SIGKILL (the kernel, or someone)', fixture('node-20-heap-limit.stderr'), { signal: 'SIGKILL' }],
    ['exit 134 without the Node line', 'Aborted (core dumped)\n', exit(134)],
    ['SIGABRT without any line', '', ABORT],
    ['a Node RangeError (Invalid string length), exit 1', fixture('node-20-invalid-string-length.stderr'), exit(1)],
    ['a program that merely prints MemoryError and exits 0', 'MemoryError\n', exit(0)],
    ['MemoryError printed, exit 1, but no traceback', 'MemoryError\n', exit(1)],
    ['a MemoryError traceback, then more output, exit 1', `${fixture('python-3.11-memoryerror.stderr')}retrying with a smaller batch\n`, exit(1)],
    ['a python traceback of another error', 'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: bad MemoryError value\n', exit(1)],
    ['the python MemoryError, but exit 2', fixture('python-3.11-memoryerror.stderr'), exit(2)],
    ['the Java error, but exit 0 (caught and logged)', fixture('java-17-uncaught.stderr'), exit(0)],
    ['the Java error, but exit 143 (SIGTERM handled by the JVM)', fixture('java-17-uncaught.stderr'), exit(143)],
    ['a Go stack overflow, exit 2', fixture('go-stack-overflow.stderr'), exit(2)],
    ['the Go line, but exit 1', fixture('go-1.13-linux-sysmap.stderr'), exit(1)],
    ['the Go line quoted inside a log line', 'level=info msg="saw fatal error: runtime: out of memory in a child"\n', exit(2)],
    ['the Node line quoted inside a log line', 'worker said FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n', ABORT],
    ['nothing at all, exit 1', '', exit(1)],
  ] as const)('%s', (_what, stderr, how) => {
    expect(recogniseRuntimeOom(stderr, how)).toBeUndefined();
  });

  it('a line only on stdout counts for Java alone', () => {
    expect(recogniseRuntimeOom('', ABORT, fixture('node-20-heap-limit.stderr'))).toBeUndefined();
    expect(recogniseRuntimeOom('', exit(2), 'fatal error: runtime: out of memory\n')).toBeUndefined();
  });
});

describe('runtime-oom: the scanner', () => {
  it('when two runtimes spoke, the later line whose exit fits decides', () => {
    const s = new RuntimeOomScanner();
    s.feed('Exception in thread "worker" java.lang.OutOfMemoryError: Java heap space');
    s.feed('fatal error: runtime: out of memory');
    expect(s.decide(exit(2))).toEqual({ runtime: 'go', line: 'fatal error: runtime: out of memory' });
    expect(s.decide(exit(1))).toEqual({ runtime: 'java', line: 'Exception in thread "worker" java.lang.OutOfMemoryError: Java heap space' });
  });

  it('judges a huge line on its start, and keeps no more of it', () => {
    const s = new RuntimeOomScanner();
    s.feed(`FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory${' '.repeat(10)}${'x'.repeat(5_000_000)}`);
    const verdict = s.decide(ABORT);
    expect(verdict?.runtime).toBe('node');
    expect(verdict!.line.length).toBeLessThanOrEqual(512);
  });

  it('a deciding line far before the end still counts (a Go dump runs on for thousands of lines)', () => {
    const s = new RuntimeOomScanner();
    for (const line of fixture('go-1.13-linux-sysmap.stderr').split('\n')) s.feed(line);
    for (let i = 0; i < 10_000; i++) s.feed(`goroutine ${i} [chan receive]:`);
    expect(s.decide(exit(2))).toEqual({ runtime: 'go', line: 'fatal error: runtime: out of memory' });
  });
});

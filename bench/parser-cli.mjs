// Benchmark 7, end to end (issue 15 item 6): `oomlab explain --json` on a dense log (nothing but OOM
// reports: every fixture in test/fixtures/kernel-logs, repeated), as a user runs it: a new process
// reading the file and writing JSON into a pipe, timed from spawn to exit, in MB of input per second.
// The reference in the same rounds is `cat` of the same file into the same kind of pipe. A last
// check runs it once on a 4x larger log and reads the child's peak RSS (/proc/<pid>/status VmHWM,
// polled while it runs), to show memory stays bounded when the input does not fit in it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `bytes` of the reports repeated to a temporary file; returns its path and a cleanup. */
export function writeDenseLog(reports, bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'oomlab-bench-parser-'));
  const file = join(dir, 'dense.log');
  const unit = Buffer.from(reports.join(''), 'utf8');
  const copies = Math.ceil(bytes / unit.length);
  const parts = [];
  for (let i = 0; i < copies; i++) parts.push(unit);
  writeFileSync(file, Buffer.concat(parts));
  return { file, bytes: unit.length * copies, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a command with stdout into a pipe this process drains; resolves to { seconds, outBytes, code, peakKb }. */
export function timePiped(cmd, args, { pollRss = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let outBytes = 0;
    let stderr = '';
    let peakKb = 0;
    const poll = pollRss
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {}
        }, 20)
      : undefined;
    child.stdout.on('data', (b) => (outBytes += b.length));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.split('\n')[0]}`));
      else resolve({ seconds, outBytes, code, peakKb });
    });
  });
}

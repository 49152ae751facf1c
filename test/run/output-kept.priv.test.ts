import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoadedScenario } from '../../src/run/run-scenario.js';
import { parseScenarioText } from '../../src/scenario/index.js';
import { parseRunResult } from '../../src/result/parse.js';
import { cgroupSkipReason, leftoverRunCgroups } from '../helpers/cgroups.js';
import { oomlab } from '../helpers/cli.js';
import { checkedResult, participant } from '../helpers/scenario.js';
import { needs } from '../helpers/skips.js';

// Participants' output kept, for real: the last 64 lines of stdout and stderr in the result, the whole
// streams (up to 8 MiB each, then a note) under `--out DIR` with result.json and report.html, the
// tails printed under the summary for the participant whose outcome failed, and never a control
// character on the terminal. The pipes are drained as output arrives (a program writing 64 MiB to
// each ends on its own), and the files are named per copy (`count:`) and per restart (`restart: on-oom`).
const skip = cgroupSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'oomlab-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOSTILE = fileURLToPath(new URL('../fixtures/scenarios/hostile-output.yaml', import.meta.url));
const MiB = 2 ** 20;

describe.skipIf(skip)(needs(skip, 'participant output kept'), () => {
  it('oomlab run --out DIR: result.json, report.html and each stream whole, cut at 8 MiB with a note; tails under the summary', async () => {
    const out = join(dir, 'made', 'by', 'run');
    const r = await oomlab(['run', HOSTILE, '--out', out]);
    expect(r.exitCode).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['hog-1.stderr', 'hog-1.stdout', 'hog-2.stderr', 'hog-2.stdout', 'loud.stderr', 'loud.stdout', 'report.html', 'result.json']);
    // stdout: 10,000,077 bytes sent; the first 8 MiB kept, then the note.
    const stdout = readFileSync(join(out, 'loud.stdout'));
    const note = `\n[oomlab: output cut here: the first ${8 * MiB} of 10000077 bytes are kept]\n`;
    expect(stdout.subarray(8 * MiB).toString('latin1')).toBe(note);
    expect(stdout.subarray(0, 39).toString()).toBe('started <script>window.__xss=1</script>');
    // The bytes as the program wrote them (escapes and invalid UTF-8 included), in the file.
    expect(stdout.includes(Buffer.from('\x1b]0;pwned\x07\x1b[31mred\x1b[0m \xff\xfe not utf-8\n', 'latin1'))).toBe(true);
    // stderr: short, whole, no note.
    const lines = Array.from({ length: 100 }, (_, i) => String(i + 1));
    expect(readFileSync(join(out, 'loud.stderr'), 'utf8')).toBe(`${lines.join('\n')}\n<img src=x onerror=window.__xss=2> on stderr\n`);
    expect(statSync(join(out, 'hog-1.stdout')).size).toBe(0);

    const result = parseRunResult(readFileSync(join(out, 'result.json')), 'result.json');
    const loud = participant(result, 'loud');
    expect(loud.stdoutTail).toHaveLength(3);
    expect(loud.stdoutTail?.[2]).toMatch(/^A{1000} \[\.\.\. 9999000 more characters\]$/);
    expect(loud.stderrTail).toEqual([...lines.slice(-63), '<img src=x onerror=window.__xss=2> on stderr']);
    expect(loud.outputCut).toEqual({ stdout: true });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('started &lt;script&gt;window.__xss=1&lt;/script&gt;');

    // The terminal: the tails of the failing participant, stripped of every control character.
    expect(r.stdout).toContain('loud stdout (last 3 lines, more than 8 MiB in all):\n  | started <script>window.__xss=1</script>\n  | red \ufffd\ufffd not utf-8');
    expect(r.stdout).toContain('loud stderr (last 64 lines):\n  | 38\n');
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(r.stdout).not.toContain('hog-1 stdout');
    expect(leftoverRunCgroups()).toEqual([]);
  });

  it('pipes are drained as output arrives: 64 MiB on each stream, and the program ends on its own', async () => {
    const result = checkedResult(
      await runLoadedScenario(
        parseScenarioText(
          `
name: chatty
cgroup: { memory: 128M }
participants:
  - name: chatty
    command: { argv: [sh, -c, "head -c 67108864 /dev/zero >&2 & head -c 67108864 /dev/zero; wait; echo; echo done"] }
run: { duration: 60s, until: all-exited }
`,
          'chatty.yaml',
        ),
      ),
    );
    const chatty = participant(result, 'chatty');
    expect(chatty.outcome).toBe('completed');
    expect(chatty.stdoutTail?.at(-1)).toBe('done');
    expect(chatty.outputCut).toEqual({ stdout: true, stderr: true });
  });

  it('files per copy and per restart: name-1, name-2; crashy, crashy~1, crashy~2...', async () => {
    const out = join(dir, 'instances');
    const result = checkedResult(
      await runLoadedScenario(
        parseScenarioText(
          `
name: instances
cgroup: { memory: 256M }
groups:
  tight: { memory: 40M }
participants:
  - name: echo
    count: 2
    command: { argv: [sh, -c, "echo hello from $$; echo to stderr >&2"] }
  - name: crashy
    group: tight
    restart: on-oom
    command: { argv: [sh, -c, "echo attempt; exec python3 -c 'held = []\\nwhile True: held.append(bytearray(1 << 20))'"] }
run: { duration: 8s, until: duration }
`,
          'instances.yaml',
        ),
        { outputDir: out },
      ),
    );
    for (const name of ['echo-1', 'echo-2']) {
      expect(readFileSync(join(out, `${name}.stdout`), 'utf8')).toMatch(/^hello from \d+\n$/);
      expect(readFileSync(join(out, `${name}.stderr`), 'utf8')).toBe('to stderr\n');
      expect(participant(result, name).stdoutTail).toEqual([expect.stringMatching(/^hello from \d+$/)]);
    }
    const crashy = participant(result, 'crashy');
    expect(crashy.restarts).toBeGreaterThanOrEqual(1);
    for (let n = 0; n < crashy.restarts; n++) {
      const file = join(out, n === 0 ? 'crashy.stdout' : `crashy~${n}.stdout`);
      expect(readFileSync(file, 'utf8'), file).toBe('attempt\n');
    }
    expect(existsSync(join(out, `crashy~${crashy.restarts + 1}.stdout`))).toBe(false);
  });

  it('a --out that can never be a directory: one line, exit 2, nothing made', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const bad of [file, join(file, 'below')]) {
      const r = await oomlab(['run', HOSTILE, '--out', bad]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`oomlab: --out: expected a directory this user can write, or a path where one can be made, got "${bad}"`);
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(leftoverRunCgroups()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { formatRunSummary } from '../../src/report/text.js';
import { checkExpectations } from '../../src/result/assertions.js';
import type { ParticipantResult } from '../../src/result/types.js';
import { resultFixture } from '../helpers/results.js';

// Participants' output and runtime OOMs in the text, JUnit and HTML reports, from a real run's result
// (fixtures/results/hostile-output.json: markup, escapes, invalid UTF-8 and a 10 MB line in a
// command's output, its outcome not the one expected).
describe('participant output in the reports', () => {
  it('the summary prints the tails of the participant whose outcome failed, without control characters', () => {
    const text = formatRunSummary(resultFixture('hostile-output.json'));
    const tails = text.slice(text.indexOf('loud stdout'), text.indexOf('\nverdict:'));
    expect(tails.split('\n').slice(0, 3)).toEqual(['loud stdout (last 3 lines, more than 8 MiB in all):', '  | started <script>window.__xss=1</script>', '  | red \ufffd\ufffd not utf-8']);
    expect(tails).toContain('loud stderr (last 64 lines):\n  | 38\n');
    expect(tails.trimEnd().split('\n').at(-1)).toBe('  | <img src=x onerror=window.__xss=2> on stderr');
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text).not.toContain('hog-1 stdout');
  });

  it('a passing run prints no output; a runtime OOM is named with its line', () => {
    const r = resultFixture('hostile-output.json');
    r.assertions = [];
    r.verdict = 'pass';
    const loud = r.participants[0]!;
    Object.assign(loud, { outcome: 'runtime-oom', runtime: 'python', runtimeEvidence: 'MemoryError\x1b[2J', exitCode: 1 });
    const text = formatRunSummary(r);
    expect(text).not.toContain('loud stdout');
    expect(text).toMatch(/^loud +runtime-oom \(python\) /m);
    expect(text).toContain("runtime OOM: loud's python heap ran out: MemoryError\n");
  });

  it('JUnit carries the tails in system-out, XML-escaped and without control characters', () => {
    const xml = renderJunit([resultFixture('hostile-output.json')]);
    expect(xml).toContain('  | started &lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  });

  it('the HTML keeps output out of the page script data and escapes it in the markup', () => {
    const html = renderHtmlReport([resultFixture('hostile-output.json')]);
    expect(html).toContain('started &lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(html).not.toContain('<script>window.__xss');
    const data = html.slice(html.indexOf('id="oomlab-data">'), html.indexOf('</script>', html.indexOf('id="oomlab-data">')));
    expect(data).not.toContain('stdoutTail');
    expect(data).not.toContain('stderrTail');
  });
});

describe('outcome expectations on runtime OOMs', () => {
  const p = (name: string, extra: Partial<ParticipantResult>): ParticipantResult => ({ name, participant: 'svc', kind: 'command', outcome: 'exited', peakRssBytes: 0, peakVszBytes: 0, peakSwapBytes: 0, restarts: 0, majorFaults: 0, ...extra });
  const input = (participants: ParticipantResult[]) => ({ participants, oomEvents: [], cgroups: [], durationMs: 1 });
  const expectation = (runtime?: 'node' | 'java') => ({ kind: 'outcome' as const, id: 'e', description: 'd', instances: ['svc-1', 'svc-2'], outcome: 'runtime-oom' as const, ...(runtime ? { runtime } : {}) });

  it('runtime-oom matches any runtime; runtime-oom (node) only node; the failing copies are named', () => {
    const ps = [p('svc-1', { outcome: 'runtime-oom', runtime: 'node', runtimeEvidence: 'FATAL ERROR: x' }), p('svc-2', { outcome: 'runtime-oom', runtime: 'java' })];
    expect(checkExpectations([expectation()], input(ps))[0]).toEqual({ description: 'd', passed: true, expected: 'runtime-oom', actual: 'svc-1: runtime-oom (node), svc-2: runtime-oom (java)' });
    expect(checkExpectations([expectation('node')], input(ps))[0]).toEqual({ description: 'd', passed: false, expected: 'runtime-oom (node)', actual: 'svc-1: runtime-oom (node), svc-2: runtime-oom (java)', failing: ['svc-2'] });
  });

  it('an exit or a kernel kill is not a runtime OOM', () => {
    const ps = [p('svc-1', { outcome: 'exited', exitCode: 1 }), p('svc-2', { outcome: 'oom-killed', signal: 'SIGKILL' })];
    expect(checkExpectations([expectation()], input(ps))[0]).toMatchObject({ passed: false, failing: ['svc-1', 'svc-2'] });
  });
});

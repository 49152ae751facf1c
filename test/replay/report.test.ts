import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { replayHtmlSection } from '../../src/replay/html-section.js';
import { toReplayJson } from '../../src/replay/json.js';
import { replayRanking } from '../../src/replay/ranking.js';
import { replayIncident } from '../../src/replay/run-replay.js';
import { verdict } from '../../src/replay/verdict.js';
import { resultFixture } from '../helpers/results.js';

// The replay's outputs around a run: the verdict line, the replay's ranking parsed from the run's own
// kernel report, the JSON document and the HTML section, on a real captured result (touched-oom.json,
// a memcg kill of test_mem2) against reports whose victim is or is not that participant.

const F = 'test/fixtures/kernel-logs/';

async function withRun(logText: string) {
  const planned = await replayIncident(logText, { run: false, scale: '1' });
  const result = resultFixture('touched-oom.json');
  const { rows } = replayRanking(result);
  return { ...planned, replay: { rows, result, verdict: verdict(planned.picked.event, planned.plan.tasks, result), seconds: 1.5 } };
}

describe('the replay outputs', () => {
  it('says not reproduced, naming who died instead, when another participant was killed', async () => {
    const o = await withRun(readFileSync(`${F}local-6.18-memcg-v1-single.dmesg.txt`, 'utf8'));
    expect(o.replay.verdict.reproduced).toBe(false);
    expect(o.replay.verdict.line).toBe('not reproduced: test_mem2, as participant test_mem2, was killed instead of python3 (pid 15299 in the report)');
    // The replay's ranking comes from the run's kernel report, mapped to participants by pid.
    expect(o.replay.rows.find((r) => r.killed)).toMatchObject({ pid: 23974, participant: 'test_mem2' });
  });

  it('says reproduced when the report\'s victim maps to the participant the run lost', async () => {
    // A report whose victim is a task named test_mem2: its participant is test_mem2, as in the run.
    const text = readFileSync(`${F}local-6.18-memcg-v1-single.dmesg.txt`, 'utf8').replaceAll('python3', 'test_mem2');
    const o = await withRun(text);
    expect(o.replay.verdict).toEqual({ reproduced: true, line: 'reproduced: test_mem2 (pid 15299 in the report) was killed again, as participant test_mem2', replayVictim: { participant: 'test_mem2', originalName: 'test_mem2', pid: 15299 } });
    const json = toReplayJson(o, 'x.log');
    expect(json).toMatchObject({ schema: 'oomlab/replay@1', reproduced: true, source: { file: 'x.log', event: 1, constraint: 'memcg' }, original: { victim: { pid: 15299, name: 'test_mem2' } }, scale: 1 });
    expect((json.result as { schema: string }).schema).toBe('oomlab/result@2');
  });

  it('the HTML section escapes names from the log, and the report page carries it', async () => {
    const text = readFileSync(`${F}local-6.18-memcg-v1-single.dmesg.txt`, 'utf8').replaceAll('python3', '<img src=x>');
    const o = await withRun(text);
    const section = replayHtmlSection(o);
    expect(section).not.toContain('<img');
    expect(section).toContain('&lt;img src=x&gt;');
    expect(section).toContain('not reproduced:');
    const page = renderHtmlReport([o.replay.result], { extraSection: section });
    expect(page).toContain('<section class="replay" id="replay">');
  });
});

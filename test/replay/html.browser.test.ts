import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { replayHtmlSection } from '../../src/replay/html-section.js';
import { replayRanking } from '../../src/replay/ranking.js';
import { replayIncident } from '../../src/replay/run-replay.js';
import { verdict } from '../../src/replay/verdict.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip } from '../helpers/chromium.js';
import { HOSTILE } from '../helpers/hostile-result.js';
import { resultFixture } from '../helpers/results.js';
import { needs } from '../helpers/skips.js';

// `oomlab replay --html`: the replay section of the report page in headless Chromium, built from a
// report whose process name is markup (a <meta refresh>) and a captured run result: the verdict and
// both rankings show as text, the name stays text, nothing navigates.

const ARTIFACTS = resolve('test-artifacts');
const ROWS = (n: number) => `[...document.querySelectorAll('section.replay table')[${n}].querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))`;

describe.skipIf(chromiumSkip)(needs(chromiumSkip, 'oomlab replay: the HTML section in headless Chromium'), () => {
  it('shows the verdict and both rankings, and a hostile task name stays text', async () => {
    const log = readFileSync('test/fixtures/kernel-logs/local-6.18-memcg-v1-single.dmesg.txt', 'utf8').replaceAll('python3', HOSTILE.markup);
    const planned = await replayIncident(log, { run: false, scale: '1' });
    const result = resultFixture('touched-oom.json');
    const o = { ...planned, replay: { rows: replayRanking(result).rows, result, verdict: verdict(planned.picked.event, planned.plan.tasks, result), seconds: 2 } };
    mkdirSync(ARTIFACTS, { recursive: true });
    const html = join(ARTIFACTS, 'replay.html');
    writeFileSync(html, renderHtmlReport([result], { title: 'oomlab replay', extraSection: replayHtmlSection(o) }));

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const navigations: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('framenavigated', (f) => navigations.push(f.url()));
      const url = pathToFileURL(html).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
      await page.evaluate('new Promise((r) => setTimeout(r, 1000))');
      expect(errors).toEqual([]);
      expect(navigations).toEqual([url]);
      expect(await page.locator('section.replay p.verdict').innerText()).toMatch(/^not reproduced: test_mem2, as participant test_mem2, was killed instead of <meta http-equiv="refresh"/);
      const original = (await page.evaluate(ROWS(0))) as string[][];
      expect(original[0]!.slice(1, 3)).toEqual([HOSTILE.markup, '15299']);
      expect(original[0]![5]).toBe('killed');
      const replay = (await page.evaluate(ROWS(1))) as string[][];
      expect(replay.find((r) => r[5] === 'killed')?.slice(1, 3)).toEqual(['test_mem2', '23974']);
      expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });
});

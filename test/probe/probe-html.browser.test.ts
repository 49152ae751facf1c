import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { parseRunResult } from '../../src/result/parse.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip, PAINTED } from '../helpers/chromium.js';
import { needs } from '../helpers/skips.js';

// A probe under swap pressure (a real run, captured by test/probe/probe.priv.test.ts) in headless
// Chromium: its pass-latency chart and the memory-pressure (PSI) chart are drawn, with the figures
// in their captions, and the page loads without an error.
describe.skipIf(chromiumSkip)(needs(chromiumSkip, 'probe and PSI charts in headless Chromium'), () => {
  it('draws the probe latency and PSI series', async () => {
    const { chromium } = await import('playwright-core');
    // an @2 result (test/fixtures/results/ holds the @1 ones the upgrade test reads)
    const result = parseRunResult(readFileSync('test/fixtures/probe/probe-swap.json'), 'test/fixtures/probe/probe-swap.json');
    expect(result.series.probes?.svc?.ms.length).toBeGreaterThan(0);
    expect(result.series.psi?.host?.some.length).toBeGreaterThan(0);
    mkdirSync(resolve('test-artifacts'), { recursive: true });
    const file = resolve('test-artifacts', 'probe-report.html');
    writeFileSync(file, renderHtmlReport([result]));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
      expect(await page.locator('.chart[data-chart="probe"] canvas').count()).toBe(1);
      expect(await page.locator('.chart[data-chart="psi"] canvas').count()).toBe(1);
      const painted = (await page.evaluate(PAINTED)) as number[];
      expect(painted.length).toBe(4); // memory, cgroup, probe, psi
      for (const n of painted) expect(n).toBeGreaterThan(2000);
      const text = await page.locator('body').innerText();
      expect(text).toContain('probe svc: pass latency');
      expect(text).toContain(`p99 ${result.participants.find((p) => p.name === 'svc')!.probe!.p99Ms} ms`);
      expect(text).toContain('Memory pressure (PSI)');
      expect(text).toMatch(/host: some [\d.]+ ms stalled/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

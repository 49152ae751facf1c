import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import type { RunResult } from '../../src/result/types.js';
import { resultFixture } from '../helpers/results.js';
import { parseRunResult } from '../../src/result/parse.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip, PAINTED } from '../helpers/chromium.js';
import { HOSTILE, hostileGuestResults } from '../helpers/hostile-result.js';
import { needs } from '../helpers/skips.js';

// The report in a real headless Chromium (Debian's `chromium`, driven by playwright-core): it must
// load without errors, draw every chart, keep a hostile process name as text and show kernel reports.
const XSS = '<img src=x onerror=window.__xss=1>';
const fixture = resultFixture;
const ARTIFACTS = resolve('test-artifacts');


describe.skipIf(chromiumSkip)(needs(chromiumSkip, 'HTML report in headless Chromium'), () => {
  it('loads cleanly, draws its charts, escapes names and shows the kernel report on click', async () => {
    const { chromium } = await import('playwright-core');
    const results = [fixture('touched-oom.xss.json'), fixture('contention-two.json'), fixture('virtual-only.json')];
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = resolve(ARTIFACTS, 'report.html');
    writeFileSync(file, renderHtmlReport(results, { title: 'oomlab report (test: captured runs, one with a hostile process name)' }));

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });

      expect(await page.evaluate('window.__xss')).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      const text = await page.locator('body').innerText();
      expect(text).toContain(XSS);
      expect(text).toContain('</script><script>window.__xss=2</script>');

      // Every chart has a canvas with drawn (non-transparent) pixels.
      const painted = (await page.evaluate(PAINTED)) as number[];
      expect(painted.length).toBe(6); // 3 runs x (memory + one cgroup)
      for (const n of painted) expect(n).toBeGreaterThan(2000);

      // The kill list entry and the chart flag both open the kernel's raw report as text.
      await page.locator('button.kill').first().click();
      const pre = page.locator('#report-0 pre');
      await expect.poll(() => pre.textContent()).toContain('Killed process');
      expect(await pre.textContent()).toContain(`(${XSS})`);
      await page.evaluate("(() => { const b = document.getElementById('report-0'); b.hidden = true; b.textContent = ''; })()");
      const flag = page.locator('#run-0 .oom-flag').first();
      expect(await flag.getAttribute('title')).toContain('Killed process');
      await flag.click();
      await expect.poll(() => pre.textContent()).toContain('Killed process');
      expect(await page.evaluate('window.__xss')).toBeUndefined();

      // The memory chart's scale switch redraws it (virtual-only starts on log: VSZ is 200x RSS).
      const toggle = page.locator('#run-2 .scale-toggle');
      expect(await toggle.locator('[data-mode="log"]').getAttribute('aria-pressed')).toBe('true');
      await toggle.locator('[data-mode="linear"]').click();
      expect(await toggle.locator('[data-mode="linear"]').getAttribute('aria-pressed')).toBe('true');
      expect(((await page.evaluate(PAINTED)) as number[])[4]).toBeGreaterThan(2000);
      await toggle.locator('[data-mode="log"]').click();

      await page.screenshot({ path: resolve(ARTIFACTS, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('keeps a hostile guest result inert: no navigation, no request, no markup from its fields', async () => {
    const { chromium } = await import('playwright-core');
    const hostile = hostileGuestResults();
    // The valid-but-hostile result as the host accepts it, and the markup one as if the schema check had
    // been bypassed: the renderer's own escaping must hold without it.
    const accepted = parseRunResult(hostile.controls, 'controls');
    const bypassed = JSON.parse(hostile.markupInNumbers.toString('utf8')) as RunResult;
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = resolve(ARTIFACTS, 'report-hostile.html');
    writeFileSync(file, renderHtmlReport([accepted, bypassed], { title: `hostile ${HOSTILE.markup}` }));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const navigations: string[] = [];
      const requests: string[] = [];
      page.on('framenavigated', (f) => navigations.push(f.url()));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
      // A refresh with delay 0 fires right after load; the page's own script has run by data-ready.
      await page.evaluate('new Promise((r) => setTimeout(r, 1000))');
      expect(page.url()).toBe(url);
      expect(navigations).toEqual([url]);
      expect(requests).toEqual([url]);
      expect(await page.locator('meta[http-equiv="refresh"], meta[http-equiv="Refresh"]').count()).toBe(0);
      const text = await page.locator('body').innerText();
      expect(text).toContain(HOSTILE.markup); // shown as text, in the name and in the numeric cells
      expect(text).not.toMatch(/\x1b|\x07/);
    } finally {
      await browser.close();
    }
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { resultFixture } from '../helpers/results.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip } from '../helpers/chromium.js';
import { needs } from '../helpers/skips.js';

// Participants' kept output in a real headless Chromium: a real run's result (fixtures/results/
// hostile-output.json, captured from test/fixtures/scenarios/hostile-output.yaml) whose command printed
// a <script>, an <img onerror>, terminal escapes, bytes that are not UTF-8 and a 10 MB line. All of it
// is text on the page: nothing runs, nothing loads, no escape byte reaches the DOM.
const ARTIFACTS = resolve('test-artifacts');

describe.skipIf(chromiumSkip)(needs(chromiumSkip, 'participant output in the HTML report, in headless Chromium'), () => {
  it('shows stdout and stderr tails as text, open for the participant whose outcome failed', async () => {
    const { chromium } = await import('playwright-core');
    const result = resultFixture('hostile-output.json');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = resolve(ARTIFACTS, 'report-output.html');
    writeFileSync(file, renderHtmlReport([result]));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });

      expect(await page.evaluate('window.__xss')).toBeUndefined();
      expect(await page.locator('main script, main img').count()).toBe(0);
      const loud = page.locator('details.output[data-participant="loud"]');
      // The participant whose outcome was not what it expected is shown open; the hogs (no output) not at all.
      expect(await loud.getAttribute('open')).not.toBeNull();
      expect(await page.locator('details.output').count()).toBe(1);
      const stdout = (await loud.locator('pre[data-stream="stdout"]').textContent()) ?? '';
      const stderr = (await loud.locator('pre[data-stream="stderr"]').textContent()) ?? '';
      expect(stdout.split('\n')[0]).toBe('started <script>window.__xss=1</script>');
      expect(stdout).toContain('red \ufffd\ufffd not utf-8');
      expect(stdout).toMatch(/A{1000} \[\.\.\. 9999000 more characters\]/);
      expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(stderr.split('\n')).toHaveLength(64);
      expect(stderr.split('\n').at(-1)).toBe('<img src=x onerror=window.__xss=2> on stderr');
      expect(await loud.locator('.caption').first().textContent()).toContain('more than 8 MiB in all');

      await page.screenshot({ path: resolve(ARTIFACTS, 'report-output.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await browser.close();
    }
  });
});

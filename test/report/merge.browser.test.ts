import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip, PAINTED } from '../helpers/chromium.js';
import { HOSTILE, hostileGuestResults } from '../helpers/hostile-result.js';
import { needs } from '../helpers/skips.js';

// `oomlab merge` of real results of two machines (one run failing), plus a hostile one from a third,
// opened in headless Chromium: it loads cleanly, each scenario's table shows each host's outcome, every
// chart is drawn, the hostile strings stay text, and the JUnit file is well-formed XML to a real parser.
const ARTIFACTS = resolve('test-artifacts');
const FLEET = join(import.meta.dirname, '../fixtures/results/fleet');
// Each row of a scenario's table as [host, verdict, outcome], read from the page as a user sees it.
const ROWS = (scenario: string): string => `[...document.querySelectorAll('section.fleet[data-scenario="${scenario}"] tbody tr')].map((tr) =>
  [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.innerText.trim()))`;

describe.skipIf(chromiumSkip)(needs(chromiumSkip, 'oomlab merge: the page in headless Chromium'), () => {
  it('shows each host per scenario, draws every run, keeps a hostile host inert; the JUnit parses', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const hostile = JSON.parse(hostileGuestResults().controls.toString('utf8'));
    hostile.host.hostname = HOSTILE.markup;
    const hostileFile = join(ARTIFACTS, 'merge-hostile-input.json');
    writeFileSync(hostileFile, JSON.stringify(hostile));
    const html = join(ARTIFACTS, 'merge.html');
    const junit = join(ARTIFACTS, 'merge.xml');
    const inputs = [join(FLEET, 'vm.touched-oom.json'), join(FLEET, 'vm.contention-two.json'), `guest=${join(FLEET, 'guest.contention-two.json')}`, hostileFile];
    const r = await execa(process.execPath, [CLI, 'merge', ...inputs, '--html', html, '--junit', junit], { reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    const hostileLabel = '_meta_http-equiv__refresh__content__0_url_http___127.0.0.1_9_navigated__@6.1__0_pwned___31mRED_';
    expect(r.stdout).toContain(`${hostileLabel}  pass`);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      const navigations: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('request', (q) => requests.push(q.url()));
      page.on('framenavigated', (f) => navigations.push(f.url()));
      const url = pathToFileURL(html).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
      await page.evaluate('new Promise((r) => setTimeout(r, 1000))'); // a refresh with delay 0 would have fired

      // One table per scenario, a row per host with its verdict and each participant's outcome.
      expect(await page.locator('section.fleet').count()).toBe(2);
      expect(await page.evaluate(ROWS('touched-oom'))).toEqual([
        ['vm@6.18.44-fc-v1252', 'PASS', 'test_mem2 oom-killed (SIGKILL)'],
        [hostileLabel, 'PASS', `toucher${HOSTILE.markup} oom-killed (SIGKILL verdict: pass)`],
      ]);
      expect(await page.evaluate(ROWS('contention-two'))).toEqual([
        ['vm@6.18.44-fc-v1252', 'PASS', 'idle completed, active completed'],
        ['guest', 'FAIL', 'idle oom-killed (SIGKILL), active completed'],
      ]);

      // Every run's charts: 4 runs x (memory + one cgroup), each with drawn pixels.
      const painted = (await page.evaluate(PAINTED)) as number[];
      expect(painted).toHaveLength(8);
      for (const n of painted) expect(n).toBeGreaterThan(2000);

      // The hostile host: its markup is text everywhere, nothing ran, nothing navigated or was fetched.
      expect(page.url()).toBe(url);
      expect(navigations).toEqual([url]);
      expect(requests).toEqual([url]);
      expect(await page.locator('meta[http-equiv="refresh"], meta[http-equiv="Refresh"]').count()).toBe(0);
      const text = await page.locator('body').innerText();
      expect(text).toContain(`host ${HOSTILE.markup}`);
      expect(text).not.toMatch(/\x1b|\x07/);
      expect(errors).toEqual([]);

      // A host's name links to its run's charts.
      await page.locator('section.fleet[data-scenario="contention-two"] a', { hasText: 'guest' }).click();
      expect(page.url()).toBe(`${url}#run-2`);
      expect(await page.locator('#run-2 h2').innerText()).toMatch(/^guest · contention-two/);
      await page.screenshot({ path: join(ARTIFACTS, 'merge.png'), fullPage: true });

      // The JUnit file, read by the browser's own XML parser: well-formed, a testsuite per host.
      const xml = readFileSync(junit, 'utf8');
      const suites = await page.evaluate(`(() => {
        const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
        if (doc.querySelector('parsererror')) return 'parsererror';
        return [...doc.querySelectorAll('testsuites > testsuite')].map((s) => [s.getAttribute('name'), s.getAttribute('failures'), s.querySelectorAll('testcase').length]);
      })()`);
      expect(suites).toEqual([
        ['vm@6.18.44-fc-v1252', '0', 8],
        ['guest', '3', 4],
        [hostileLabel, '0', 4],
      ]);
    } finally {
      await browser.close();
    }
  });
});

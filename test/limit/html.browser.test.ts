import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSearchDocument } from '../../src/limit/document.js';
import { renderSearchHtml } from '../../src/limit/html.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip } from '../helpers/chromium.js';
import { HOSTILE } from '../helpers/hostile-result.js';
import { needs } from '../helpers/skips.js';

// A real search's page (the fixture of document.test.ts) in headless Chromium, with a hostile reason
// and participant name planted: the answer comes first, the tries are a table as a user reads it, the
// planted markup stays text, and the page loads without an error.
const ARTIFACTS = resolve('test-artifacts');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'results', 'search-http-service.json');

describe.skipIf(chromiumSkip)(needs(chromiumSkip, 'the limit search page in headless Chromium'), () => {
  it('shows the answer first and the tries as a table; hostile text stays text', async () => {
    const doc = parseSearchDocument(readFileSync(FIXTURE), 'fixture');
    doc.search.tries[1]!.reason = `service${HOSTILE.markup} oom-killed`;
    doc.search.tries[1]!.runs[0]!.participants[0]!.name = `service${HOSTILE.markup}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'limit-search.html');
    writeFileSync(file, renderSearchHtml(doc));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`console.error: ${m.text()}`));
      page.on('request', (q) => requests.push(q.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
      await page.evaluate('new Promise((r) => setTimeout(r, 500))');
      // The first section on the page is the search, and its first line the answer.
      const first = (await page.evaluate(`(() => { const s = document.querySelector('main section'); return [s.id, s.querySelector('.answer').innerText]; })()`)) as string[];
      expect(first).toEqual(['search', 'smallest memory limit that holds: 80.0 MiB (76.0 MiB failed: service oom-killed)']);
      const rows = (await page.evaluate(`[...document.querySelectorAll('table.tries tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))`)) as string[][];
      expect(rows).toHaveLength(doc.search.tries.length);
      expect(rows[0]).toEqual(['1', '512 MiB', 'holds', '2', '']);
      expect(rows[1]).toEqual(['2', '32.0 MiB', 'fails', '1', `service${HOSTILE.markup} oom-killed`]);
      // Every run's own section follows, labelled with its try.
      expect(await page.locator('section.run').count()).toBe(doc.search.tries.reduce((n, t) => n + t.runs.length, 0));
      expect(await page.locator('section.run h2').first().innerText()).toMatch(/^try 1: 512 MiB run 1 · http-service/);
      expect(await page.locator('meta[http-equiv="refresh"], meta[http-equiv="Refresh"]').count()).toBe(0);
      expect(requests).toEqual([url]);
      expect(page.url()).toBe(url);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

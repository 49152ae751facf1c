import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerQuestions } from '../../src/lab/lab-questions.js';
import { labHtml, formatLabOutcome } from '../../src/lab/lab-report.js';
import { labRow } from '../../src/lab/lab-rows.js';
import type { LabOutcome } from '../../src/lab/run-lab.js';
import type { Lab } from '../../src/lab/lab-types.js';
import { parseRunResult } from '../../src/result/parse.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkip, PAINTED } from '../helpers/chromium.js';
import { needs } from '../helpers/skips.js';

// The built-in lab's page, from a real run of `oomlab lab article-swap` (four VMs; the fixture is its
// --json output): rows and winner lines recomputed from the runs' results, then the page opened in
// headless Chromium: the comparison first, a row per machine, a winner line per question, every chart drawn.

const FIXTURE = join(import.meta.dirname, '../fixtures/results/lab/article-swap.json');
const ARTIFACTS = resolve('test-artifacts');

function outcome(): LabOutcome {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { lab: Lab; parallel: number; wallMs: number; runs: unknown[] };
  const results = doc.runs.map((r, i) => (r === null ? undefined : parseRunResult(Buffer.from(JSON.stringify(r)), `run ${i}`)));
  const rows = results.map((r, i) => labRow(doc.lab.runs[i]!, r, { outcome: 'exited' }));
  return { lab: doc.lab, rows, answers: answerQuestions(doc.lab.questions, rows, results), results, exitCodes: results.map(() => 0), parallel: doc.parallel, wallMs: doc.wallMs };
}

describe('the built-in lab, from a real run', () => {
  it('answers its questions from the results: overcommit 2 is the only malloc-failed machine', () => {
    const o = outcome();
    expect(o.rows.map((r) => r.label)).toEqual(['disk-swap', 'zram', 'no-swap', 'overcommit-2']);
    expect(o.rows.find((r) => r.label === 'overcommit-2')!.mallocFailed).toEqual(['test_mem']);
    const strict = o.answers.find((a) => a.question.startsWith('overcommit 2'))!;
    expect(strict.winner).toBe('overcommit-2');
    expect(strict.yes).toEqual(['overcommit-2']);
    // The probe's figures reach the table: every machine ran the service's probe.
    expect(o.rows.every((r) => r.probeP99Ms !== null && r.probeP99Ms > 0)).toBe(true);
    const text = formatLabOutcome(o);
    expect(text.split('\n')[2]).toMatch(/^settings +killed +malloc-failed +first OOM +peak swap +major faults +probe p99 +stalled +PSI full +runtime +verdict$/);
    expect(text).toMatch(/^winner: overcommit 2 turns .*: overcommit-2;/m);
  });

  it.skipIf(chromiumSkip)(needs(chromiumSkip, 'the lab page in headless Chromium'), async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'lab-article-swap.html');
    const o = outcome();
    writeFileSync(file, labHtml(o));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
      const firstSection = await page.evaluate(`document.querySelector('main section').className`);
      expect(firstSection).toBe('matrix comparison');
      const rows = (await page.evaluate(`[...document.querySelectorAll('section.comparison tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()))`)) as string[][];
      expect(rows.map((r) => r[0])).toEqual(['disk-swap', 'zram', 'no-swap', 'overcommit-2']);
      expect(rows[3]![2]).toBe('test_mem');
      const winners = (await page.evaluate(`[...document.querySelectorAll('section.comparison ul.winners li')].map((li) => li.innerText)`)) as string[];
      expect(winners).toHaveLength(o.answers.length);
      expect(winners.filter((w) => /^winner: overcommit 2 turns .*: overcommit-2;/.test(w))).toHaveLength(1);
      expect(rows.every((r) => /^\d+(\.\d)?ms$/.test(r[6]!))).toBe(true); // probe p99
      const painted = (await page.evaluate(PAINTED)) as number[];
      expect(painted.length).toBeGreaterThanOrEqual(4);
      for (const n of painted) expect(n).toBeGreaterThan(1000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import type { RunResult } from '../../src/result/types.js';
import { resultFixture } from '../helpers/results.js';

const fixture = resultFixture;
const XSS = '<img src=x onerror=window.__xss=1>';

describe('renderHtmlReport', () => {
  const html = renderHtmlReport([fixture('touched-oom.xss.json'), fixture('contention-two.json')], { title: 'a <b>title</b>' });

  it('is one self-contained page: no external resource, uPlot inlined, scripts pinned by CSP hashes', () => {
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:|\/\/)/i);
    expect(html).toContain('var uPlot=function()');
    expect(html).toContain('.uplot');
    // The attribute is HTML-escaped, so its quotes read &#39; in the source.
    expect(html).toMatch(/script-src &#39;sha256-[A-Za-z0-9+/=]+&#39; &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    expect(html).toContain('<title>a &lt;b&gt;title&lt;/b&gt;</title>');
  });

  it('never carries a hostile name as markup, only escaped or inside inert JSON', () => {
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;img src=x onerror=window.__xss=1&gt;');
    expect(html.toLowerCase().split('</script>').length - 1).toBe(3); // data, uPlot, page script
    const json = /<script type="application\/json" id="oomlab-data">([^]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    const data = JSON.parse(json) as { runs: RunResult[] };
    expect(data.runs[0]!.oomEvents[0]!.victimName).toBe(XSS);
    expect(data.runs[0]!.scenario.description).toContain('</script><script>window.__xss=2</script>');
  });

  it('adds the matrix comparison before the runs', () => {
    const page = renderHtmlReport([fixture('touched-oom.json'), fixture('contention-two.json')], { matrix: { key: 'swappiness', values: ['0', '100'] } });
    const at = page.indexOf('Comparison over swappiness');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(page.indexOf('<section class="run"'));
    expect(page).toContain('swappiness=100 &middot; contention-two');
    expect(page).toContain('<td class="name">test_mem2</td>');
    expect(page).toContain('<td class="num">167 MiB</td>');
  });
});

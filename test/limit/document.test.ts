import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSearchDocument, SEARCH_SCHEMA, type SearchDocument } from '../../src/limit/document.js';
import { renderSearchHtml } from '../../src/limit/html.js';
import { failureReason } from '../../src/limit/reason.js';
import { formatAnswer, formatSearch, searchExitCode } from '../../src/limit/text.js';
import { MalformedResultError } from '../../src/result/parse.js';
import { resultFixture } from '../helpers/results.js';

// A real search's JSON (`oomlab run examples/http-service/scenario.yaml --find-limit memory=32M..512M
// --repeat 2 --json`), its runs' sampled series left out to keep the file small.
const FILE = join(import.meta.dirname, '..', 'fixtures', 'results', 'search-http-service.json');
const text = readFileSync(FILE, 'utf8');
const MiB = 1024 * 1024;
const fresh = (): SearchDocument => parseSearchDocument(text, 'the fixture');

describe('an oomlab/search@1 document', () => {
  it('parses, each run checked as a result', () => {
    const doc = fresh();
    expect(doc.schema).toBe(SEARCH_SCHEMA);
    expect(doc.search).toMatchObject({ key: 'memory', group: null, lowBytes: 32 * MiB, highBytes: 512 * MiB, stepBytes: 4 * MiB, repeat: 2, maxTries: 9, status: 'found' });
    expect(doc.search.tries.length).toBeLessThanOrEqual(doc.search.maxTries);
    expect(doc.search.tries.every((t) => t.runs.length >= 1 && t.runs.every((r) => r.schema === 'oomlab/result@2'))).toBe(true);
    // A holding try ran `repeat` times, every run passed; a failing try stopped at its first failure.
    for (const t of doc.search.tries) {
      if (t.verdict === 'holds') expect(t.runs.map((r) => r.verdict)).toEqual(['pass', 'pass']);
      else expect(t.runs.at(-1)!.verdict).toBe('fail');
    }
  });

  it('the answer holds and one step below it failed', () => {
    const s = fresh().search;
    const at = s.tries.find((t) => t.valueBytes === s.answerBytes)!;
    const below = s.tries.find((t) => t.valueBytes === s.answerBytes! - s.stepBytes)!;
    expect(at.verdict).toBe('holds');
    expect(below.verdict).toBe('fails');
    expect(below.reason).toBe(failureReason(below.runs.at(-1)!));
    expect(formatAnswer(s)).toBe(`smallest memory limit that holds: ${s.answerBytes! / MiB}.0 MiB (${below.valueBytes / MiB}.0 MiB failed: ${below.reason})`);
    expect(searchExitCode(s)).toBe(0);
    const lines = formatSearch(fresh()).split('\n');
    expect(lines).toHaveLength(s.tries.length + 1);
    expect(lines[0]).toMatch(/^try 1\/9: +512 MiB holds \(2 runs, \d+\.\ds\)$/);
  });

  it('says so when even HIGH fails, when LOW holds, and when the search was stopped', () => {
    const s = fresh().search;
    const first = s.tries[0]!;
    const failing = s.tries.find((t) => t.verdict === 'fails')!;
    expect(formatAnswer({ ...s, status: 'high-fails', answerBytes: null, tries: [{ ...failing, valueBytes: s.highBytes }] })).toBe(`no memory limit up to 512 MiB holds: even HIGH failed (${failing.reason})`);
    expect(searchExitCode({ ...s, status: 'high-fails' })).toBe(1);
    expect(formatAnswer({ ...s, status: 'at-most-low', answerBytes: s.lowBytes })).toBe('smallest memory limit that holds: <= 32.0 MiB (LOW itself holds; give a lower LOW to look further)');
    expect(formatAnswer({ ...s, status: 'stopped', answerBytes: null, tries: [first, failing, { ...first, verdict: 'stopped' }] })).toBe('search stopped after 3 tries: 512 MiB held, 32.0 MiB failed; no answer');
    expect(searchExitCode({ ...s, status: 'stopped' })).toBe(130);
  });

  it('is refused in one line when a field or a run is wrong, or it is no JSON', () => {
    const bad = (f: (d: Record<string, any>) => void): string => {
      const d = JSON.parse(text);
      f(d);
      try {
        parseSearchDocument(JSON.stringify(d), 'search.json');
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedResultError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad((d) => (d.search.answerBytes = '80M'))).toBe('search.json is not an oomlab/search@1: search.answerBytes: invalid type');
    expect(bad((d) => (d.search.tries[1].verdict = 'maybe'))).toBe('search.json is not an oomlab/search@1: search.tries[1].verdict: invalid value');
    expect(bad((d) => (d.schema = 'oomlab/result@2'))).toBe('search.json is not an oomlab/search@1: schema: invalid value');
    expect(bad((d) => (d.search.tries[0].runs[0].verdict = 'ok'))).toMatch(/^search\.json search\.tries\[0\]\.runs\[0\] is not an oomlab\/result@2: verdict: expected one of "pass", "fail"/);
    expect(() => parseSearchDocument('{', 'search.json')).toThrow('search.json is not valid JSON (1 bytes)');
  });
});

describe('a failing try in a few words', () => {
  it('an outcome check says who ended how; another check what it got', () => {
    const r = resultFixture('touched-oom.json');
    r.assertions = [{ description: 'svc: outcome is survived', passed: false, expected: 'survived', actual: 'svc: oom-killed' }];
    expect(failureReason(r)).toBe('svc oom-killed');
    r.assertions = [{ description: 'svc: peak RSS <= 100 MiB', passed: false, expected: 'peak rss <= 100 MiB', actual: 'svc: 120 MiB' }];
    expect(failureReason(r)).toBe('svc: peak RSS <= 100 MiB: got svc: 120 MiB');
  });
});

describe('the search page', () => {
  it('puts the answer first, the tries in a table, and escapes what came from runs', () => {
    const doc = fresh();
    doc.search.tries[1]!.reason = '<script>alert(1)</script> oom-killed';
    const html = renderSearchHtml(doc);
    const answer = html.indexOf('class="answer"');
    expect(answer).toBeGreaterThan(0);
    expect(answer).toBeLessThan(html.indexOf('class="grid tries"'));
    expect(answer).toBeLessThan(html.indexOf('<section class="run"'));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; oom-killed');
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<tr class="try-/g)).toHaveLength(doc.search.tries.length);
    expect(html).toContain('try 1: 512 MiB run 2');
  });
});

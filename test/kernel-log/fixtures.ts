import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real kernel reports under test/fixtures/kernel-logs (sources in test/fixtures/README.md). */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/kernel-logs/', import.meta.url));

// Why: every kernel-log test reads the same captured reports.
export function fixture(name: string): string {
  return readFileSync(FIXTURE_DIR + name, 'utf8');
}

// Why: the fuzz and stream tests run over every fixture, including ones added later.
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.txt')).sort();
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_HEADER_PATH, renderEngineHeader } from '../../src/engine/contract-header.js';
import { HOG_ENUMS, HOG_EXIT } from '../../src/engine/contract.js';
import { PACKAGE_ROOT } from '../../src/native/build-paths.js';

// The C core includes native/engine-contract.h; src/engine/contract.ts is its source. The header is
// committed (so `npm install` builds with node-gyp alone), and this is what keeps the two the same.
describe('native/engine-contract.h', () => {
  const header = readFileSync(join(PACKAGE_ROOT, ENGINE_HEADER_PATH), 'utf8');

  it('is what src/engine/contract.ts renders (run `node scripts/gen-engine-header.mjs` after changing it)', () => {
    expect(header).toBe(renderEngineHeader());
  });

  it('is the only place the C sources get exit codes and enum words from', () => {
    for (const file of ['engine.h', 'engine.c', 'hog-main.c', 'addon.cc']) {
      const text = readFileSync(join(PACKAGE_ROOT, 'native', file), 'utf8');
      // no exit code of its own, no table of event, phase or outcome words
      expect(text, file).not.toMatch(/#define\s+EXIT_/);
      for (const e of [HOG_ENUMS.event, HOG_ENUMS.phase, HOG_ENUMS.outcome]) expect(text, file).not.toContain(e.words.map((w) => `"${w}"`).join(', '));
      expect(text, file).not.toMatch(/typedef enum/);
    }
    expect(header).toContain(`#define HOG_EXIT_MALLOC_FAILED ${HOG_EXIT.MALLOC_FAILED}`);
  });
});

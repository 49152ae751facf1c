import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { validateScenario } from '../../src/scenario/validate.js';

// Whatever a file holds, the loader answers with a Scenario or one InputError line: never another
// exception (a stack trace at the terminal) and never a multi-line message.

function onlyInputErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).not.toMatch(/[\n\r]/);
  }
}

const VALID = { name: 't', cgroup: { memory: '1G' }, participants: [{ name: 'a', hog: { total: '1M' }, startAfter: '1s' }, { name: 'b', command: { argv: ['x'] } }], run: { duration: '5s' }, expect: [{ participant: 'a', outcome: 'survived' }] };

describe('loader robustness', () => {
  it('any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => onlyInputErrors(() => parseScenarioText(text, 'f.yaml'))), { numRuns: 300 });
  });

  it('any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => onlyInputErrors(() => validateScenario(v))), { numRuns: 300 });
  });

  it('a valid scenario with one value replaced by anything', () => {
    const paths: Array<Array<string | number>> = [['name'], ['cgroup', 'memory'], ['participants', 0, 'hog', 'total'], ['participants', 0, 'startAfter'], ['participants', 1, 'command', 'argv'], ['run'], ['expect', 0], ['participants', 0], ['participants', 1, 'command', 'env']];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const copy = structuredClone(VALID) as Record<string | number, unknown>;
        let node = copy;
        for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
        node[path[path.length - 1]!] = value;
        onlyInputErrors(() => validateScenario(copy));
      }),
      { numRuns: 500 },
    );
  });
});

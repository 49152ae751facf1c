import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/input-error.js';
import { formatPath, parsePath, type FieldPath } from '../../src/scenario/field-path.js';
import { checkName, copyNames } from '../../src/scenario/names.js';

describe('names', () => {
  it('accepts only names that are safe as one path component', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        let ok = true;
        try {
          checkName(s, 'name');
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          ok = false;
        }
        if (ok) {
          expect(s).not.toMatch(/[/\0.\s]/);
          expect(s.length).toBeGreaterThan(0);
          expect(`${s}-1000`.length).toBeLessThanOrEqual(64);
        }
      }),
    );
    for (const bad of ['..', '../x', 'a/b', '.hidden', 'a\0b', '', 'A', 'memory.max', 'tasks', ' x', 'x'.repeat(49)]) expect(() => checkName(bad, 'n')).toThrow(InputError);
    for (const good of ['hog', 'svc-2', 'a_b', 'x'.repeat(48)]) expect(checkName(good, 'n')).toBe(good);
  });

  it('names copies name-1..name-N, and a single copy by its own name', () => {
    expect(copyNames('hog', 1)).toEqual(['hog']);
    expect(copyNames('hog', 3)).toEqual(['hog-1', 'hog-2', 'hog-3']);
  });
});

describe('field paths', () => {
  it('formats the way errors name fields', () => {
    expect(formatPath(['participants', 1, 'hog', 'total'])).toBe('participants[1].hog.total');
    expect(formatPath(['groups', '../x'])).toBe('groups["../x"]');
    expect(formatPath([])).toBe('scenario');
  });

  it('round-trips any path', () => {
    const seg = fc.oneof(fc.string({ minLength: 1 }), fc.nat(1000));
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 6 }), (path: FieldPath) => {
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
    );
  });
});

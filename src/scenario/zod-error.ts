import type * as z from 'zod';
import { InputError, showValue } from '../errors/input-error.js';
import { formatPath, type FieldPath } from './field-path.js';

// zod reports every problem it finds, as a list of issues with its own wording. A user gets one line:
// the first issue (zod walks the document in order, so it is the earliest in the file), with the
// field path in our notation, what was expected in plain words, and what was there.

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
};

// Why: the value at a path, to show what was there instead.
function valueAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function isDefaultMessage(message: string): boolean {
  return message.startsWith('Invalid ') || message.startsWith('Too ') || message.startsWith('Unrecognized key');
}

function expectedFor(issue: Issue, knownKeys: (path: FieldPath) => string[]): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? issue.expected;
    case 'invalid_value':
      return issue.values.length === 1 ? showValue(issue.values[0]) : `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys': {
      const keys = knownKeys(issue.path as FieldPath);
      return keys.length === 0 ? 'no keys here' : `one of the known keys ${keys.join(', ')}`;
    }
    case 'invalid_union':
      if (!isDefaultMessage(issue.message)) return issue.message;
      return [...new Set(issue.errors.flatMap((branch) => branch.map((i) => (i.code === 'invalid_type' ? (TYPE_WORDS[i.expected] ?? i.expected) : 'something else'))))].join(' or ');
    default:
      return isDefaultMessage(issue.message) ? issue.message.toLowerCase() : issue.message;
  }
}

// Why: turn zod's issue list into the project's one-line error contract.
export function zodIssueToInputError(issues: readonly Issue[], input: unknown, knownKeys: (path: FieldPath) => string[]): InputError {
  const issue = issues[0];
  if (issue === undefined) return new InputError('scenario', 'a valid scenario', 'an unexplained validation failure');
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return new InputError(formatPath([...path, key]), expectedFor(issue, knownKeys), `unknown key ${showValue(key)}`);
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0];
    return new InputError(formatPath(path), inner && !isDefaultMessage(inner.message) ? inner.message : 'a valid key', showValue(path[path.length - 1]));
  }
  const value = valueAt(input, path);
  return new InputError(formatPath(path), expectedFor(issue, knownKeys), value === undefined ? 'nothing' : showValue(value));
}

import type * as z from 'zod';
import type { FieldPath } from './field-path.js';

// zod's "unrecognized key" issue does not say which keys would have been right; a user who typed
// `totl` wants to see `total`. This walks the schema along the path to the object there.

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) return unwrap(def.innerType);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function step(schema: z.core.$ZodType, seg: string | number): z.core.$ZodType[] {
  return unwrap(schema).flatMap((s) => {
    const def = defOf(s);
    if (def.type === 'object' && def.shape && typeof seg === 'string' && def.shape[seg]) return [def.shape[seg]];
    if (def.type === 'array' && def.element && typeof seg === 'number') return [def.element];
    if (def.type === 'record' && def.valueType && typeof seg === 'string') return [def.valueType];
    return [];
  });
}

// Why: list the keys an object at `path` accepts, for the unknown-key message.
export function knownKeysAt(root: z.core.$ZodType, path: FieldPath): string[] {
  let here: z.core.$ZodType[] = [root];
  for (const seg of path) here = here.flatMap((s) => step(s, seg));
  const keys = here.flatMap(unwrap).flatMap((s) => {
    const def = defOf(s);
    return def.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
  });
  return [...new Set(keys)];
}

// Types of check-imports.mjs, for test/check-imports.test.ts.

/** The layers of src/, lowest first. */
export const LAYERS: string[][];
/** Problems with the imports and sizes of the sources under `src` (default: the project's src/); empty when none. */
export function checkImports(src?: string): Promise<string[]>;

import { pointerSegment } from './validation';

/** JSON Pointer (RFC 6901) helpers: lint messages locate problems in JSON files by pointer. */

export function joinPointer(base: string, ...keys: (string | number)[]): string {
  return keys.reduce<string>((pointer, key) => `${pointer}/${pointerSegment(key)}`, base);
}

export function pointerKeys(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Whether a JSON Merge Patch sets or deletes the value at `pointer` (or a value containing it): then a problem
 * found there in the merged document is the patch's doing, not the base's.
 */
export function patchTouches(patch: unknown, pointer: string): boolean {
  let node = patch;
  for (const key of pointerKeys(pointer)) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return true;
    if (!Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Every string in a JSON value with its pointer, in document order. */
export function* stringsIn(value: unknown, pointer = ''): Generator<{ pointer: string; text: string }> {
  if (typeof value === 'string') yield { pointer, text: value };
  else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++)
      yield* stringsIn(value[index], joinPointer(pointer, index));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) yield* stringsIn(child, joinPointer(pointer, key));
  }
}

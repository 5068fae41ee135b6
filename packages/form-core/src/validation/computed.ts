import type { Schema } from '@formily/json-schema';
import { toArr } from '@formily/shared';

interface ReactionRequest {
  state?: Record<string, unknown>;
  schema?: Record<string, unknown>;
}

interface ReactionObject {
  target?: string;
  fulfill?: ReactionRequest;
  otherwise?: ReactionRequest;
}

/** The reactions of a schema that are declarative objects (a `{{ }}` string is a function reaction). */
export function objectReactions(schema: Schema): ReactionObject[] {
  return toArr(schema['x-reactions']).filter(
    (reaction): reaction is ReactionObject => typeof reaction === 'object' && reaction !== null,
  );
}

function writesValue(request: ReactionRequest | undefined): boolean {
  if (!request) return false;
  return (
    (request.state !== undefined && 'value' in request.state) ||
    (request.schema !== undefined && 'x-value' in request.schema)
  );
}

/**
 * True when the schema sets this field's value (`x-value`, or its own reaction writing `state.value`): a
 * score, a total, a grade. The submitted value of such a field is dropped before the walk, because Formily
 * keeps a non-empty value it finds at initialisation instead of computing one, and the server trusts no
 * client arithmetic.
 */
export function computesOwnValue(schema: Schema): boolean {
  if (schema['x-value'] !== undefined) return true;
  return objectReactions(schema).some(
    (reaction) => !reaction.target && (writesValue(reaction.fulfill) || writesValue(reaction.otherwise)),
  );
}

/** Path patterns whose value another field's reaction writes (`target: 'total'` with `state.value`). */
export function valueTargets(schema: Schema): string[] {
  const targets = objectReactions(schema)
    .filter(
      (reaction) => reaction.target && (writesValue(reaction.fulfill) || writesValue(reaction.otherwise)),
    )
    .map((reaction) => String(reaction.target));
  schema.mapProperties((child) => targets.push(...valueTargets(child)));
  const items = schema.items as Schema | Schema[] | undefined;
  for (const item of toArr(items)) targets.push(...valueTargets(item));
  return targets;
}

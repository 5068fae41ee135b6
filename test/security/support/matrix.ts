import type { Cell, Row } from '../access-matrix.table';
import type { RequestSpec } from './http';
import { CALLERS, example, PDF, PRIMARY, type CallerKind, type CountySeed, type World } from './world';

/** Values a row may name that are not seeded documents: deployed studio content, examples, attack rounds. */
export type Extras = Record<string, unknown>;

/**
 * Turns a row into the request one cell sends, making the fresh documents (and the draft) the cell needs.
 * `fresh` holds what earlier cells of the row made: a refused request changes nothing (the fuzz suite
 * proves it), so fresh documents are made again only after a cell was answered 2xx; clear it then.
 */
export async function requestFor(
  world: World,
  row: Row,
  caller: CallerKind,
  extras: Extras,
  fresh: Map<string, string>,
): Promise<RequestSpec> {
  const made = new Map<string, string>();
  const seedValue = (seed: CountySeed, key: string) => {
    const value = (seed as unknown as Record<string, string>)[key];
    if (value === undefined) throw new Error(`no seeded ${key}`);
    return value;
  };
  const resolve = async (name: string): Promise<unknown> => {
    if (made.has(name)) return made.get(name);
    if (fresh.has(name)) return fresh.get(name);
    let value: unknown;
    if (name === 'county') value = PRIMARY;
    else if (name === 'self') value = CALLERS[caller] ?? 'nobody.at-all';
    else if (name === 'unique') value = world.fresh.unique('s');
    else if (name === 'fresh.project') value = await world.fresh.project();
    else if (name === 'fresh.task') value = (await world.fresh.task()).task;
    else if (name === 'fresh.claimedTask') value = await world.fresh.claimedTask();
    else if (name === 'fresh.attachment') value = await world.fresh.attachment();
    else if (name === 'fresh.account') value = await world.fresh.account();
    else if (name.startsWith('other.')) value = seedValue(world.other, name.slice(6));
    else if (name.startsWith('example.')) value = example(name.slice(8));
    else if (name in extras) value = extras[name];
    else value = seedValue(world.primary, name);
    if (typeof value === 'string') (name.startsWith('fresh.') ? fresh : made).set(name, value);
    return value;
  };
  /** Placeholders in a url are url-encoded; in a body, a string that is one placeholder takes its value. */
  const fill = async (value: unknown, inUrl = false): Promise<unknown> => {
    if (typeof value === 'string') {
      const whole = /^\{([a-zA-Z.-]+)\}$/.exec(value);
      if (whole && !inUrl) return resolve(whole[1]);
      let out = value;
      for (const match of value.matchAll(/\{([a-zA-Z.-]+)\}/g)) {
        const text = String(await resolve(match[1]));
        out = out.replace(match[0], inUrl ? encodeURIComponent(text) : text);
      }
      return out;
    }
    if (Array.isArray(value)) return Promise.all(value.map((item) => fill(item)));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) out[key] = await fill(child);
      return out;
    }
    return value;
  };
  if (row.draft && !fresh.has('draft')) {
    await world.fresh.draft(row.draft[0], row.draft[1]);
    fresh.set('draft', 'made');
  }
  const method = row.route.split(' ')[0];
  const path = String(await fill(row.url, true));
  if (row.upload)
    return { method, path, multipart: { field: 'file', filename: '佐证材料.pdf', content: PDF } };
  const body = row.body === undefined ? undefined : await fill(row.body);
  return { method, path, ...(body !== undefined ? { json: body } : {}) };
}

export function allowed(cell: Cell): number[] {
  return String(cell).split('|').map(Number);
}

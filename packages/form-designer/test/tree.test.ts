import type { SchemaNode } from '../src/model/schema-types';
import { PALETTE } from '../src/model/palette';
import { freeKey, getNode, insertChild, listFields, moveNode, removeAt, renameNode } from '../src/model/tree';
import { checkForm } from '../src/model/check-form';
import { indexForPatch, sortByIndex } from '../src/model/order';

const keys = (node: SchemaNode | undefined) => Object.keys(node?.properties ?? node?.items?.properties ?? {});

const schema: SchemaNode = {
  type: 'object',
  properties: {
    a: { type: 'string', title: 'A' },
    section: { type: 'void', 'x-component': 'Card', properties: { b: { type: 'number', title: 'B' } } },
    rows: {
      type: 'array',
      'x-component': 'ArrayTable',
      items: { type: 'object', properties: { c: { type: 'string', title: 'C' } } },
    },
    d: { type: 'string', title: 'D' },
  },
};

describe('schema tree edits', () => {
  it('reorders within a container and keeps the input untouched', () => {
    const moved = moveNode(schema, ['d'], [], 0);
    expect(keys(moved)).toEqual(['d', 'a', 'section', 'rows']);
    expect(keys(schema)).toEqual(['a', 'section', 'rows', 'd']);
  });

  it('nests fields in layouts and table rows, and refuses moving a layout into itself', () => {
    let next = moveNode(schema, ['a'], ['section'], 1);
    expect(keys(getNode(next, ['section']))).toEqual(['b', 'a']);
    next = moveNode(next, ['d'], ['rows'], 0);
    expect(keys(getNode(next, ['rows']))).toEqual(['d', 'c']);
    expect(moveNode(next, ['section'], ['section'], 0)).toBe(next);
  });

  it('renames in place and refuses a taken key', () => {
    expect(keys(renameNode(schema, ['a'], 'z'))).toEqual(['z', 'section', 'rows', 'd']);
    expect(renameNode(schema, ['a'], 'd')).toBe(schema);
  });

  it('lists data fields by Formily address (layouts are not part of it)', () => {
    expect(listFields(schema).map((f) => [f.address, f.inRow])).toEqual([
      ['a', false],
      ['b', false],
      ['rows', false],
      ['c', true],
      ['d', false],
    ]);
  });

  it('every palette item makes a form that passes the CLI checks', () => {
    let root: SchemaNode = { type: 'object', properties: {} };
    for (const item of PALETTE)
      root = insertChild(root, [], 99, freeKey(root, [], item.keyPrefix), item.create());
    const form = { id: 'palette', title: '组件表', version: '1', schemaVersion: 1, schema: root };
    expect(checkForm(form)).toEqual([]);
    expect(keys(removeAt(root, ['text1']))).not.toContain('text1');
  });
});

describe('field order through a merge patch', () => {
  const base: SchemaNode = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };

  it('indexes the children only where the patch would reorder them, and the index restores the order', () => {
    const appended = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
    };
    expect(indexForPatch(appended, base)).toEqual(appended);
    const inserted: SchemaNode = {
      type: 'object',
      properties: { a: { type: 'string' }, c: { type: 'string' }, b: { type: 'string' } },
    };
    const saved = indexForPatch(inserted, base);
    expect(Object.values(saved.properties!).map((n) => n['x-index'])).toEqual([0, 1, 2]);
    // What the server stores: base keys first, new ones after; x-index puts c back between a and b.
    const merged: SchemaNode = {
      type: 'object',
      properties: { a: saved.properties!.a, b: saved.properties!.b, c: saved.properties!.c },
    };
    expect(Object.keys(sortByIndex(merged).properties!)).toEqual(['a', 'c', 'b']);
  });
});

import { applyMergePatch, canonicalJson, contentHash, createMergePatch, type Json } from '../src';

// The test vectors of RFC 7396, appendix A.
const RFC_7396: [Json, Json, Json][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('JSON Merge Patch (RFC 7396)', () => {
  it.each(RFC_7396)('patches %j with %j into %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('never changes the target it is given', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });

  it('creates the smallest patch that reproduces the target', () => {
    const base = { title: '绩效运行监控表', properties: { a: { title: 'A' }, b: { title: 'B' } } };
    const target = { title: '绩效运行监控表', properties: { a: { title: 'A2' }, c: { title: 'C' } } };
    const patch = createMergePatch(base, target);
    expect(patch).toEqual({ properties: { a: { title: 'A2' }, b: null, c: { title: 'C' } } });
    expect(applyMergePatch(base, patch!)).toEqual(target);
    expect(createMergePatch(base, structuredClone(base))).toBeUndefined();
  });
});

describe('content hashing', () => {
  it('hashes equal content equally whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});

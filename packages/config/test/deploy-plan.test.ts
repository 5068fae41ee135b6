import { deploymentHash, planDeployment, type StoredVersion } from '../src';

const form = { id: 'monitoring', title: '绩效运行监控表', schema: { type: 'object', properties: {} } };

describe('planDeployment', () => {
  const hash = deploymentHash(form);
  const candidate = { kind: 'form' as const, county: 'hailin', artifactId: 'monitoring', hash };

  test('creates version 1 of what was never stored', () => {
    expect(planDeployment([candidate], [])).toEqual([{ ...candidate, action: 'create', version: 1 }]);
  });

  test('keeps the newest stored version when the resolved content hashes the same', () => {
    const stored: StoredVersion[] = [
      { ...candidate, hash: 'older', version: 1 },
      { ...candidate, version: 2 },
    ];
    expect(planDeployment([candidate], stored)).toEqual([{ ...candidate, action: 'unchanged', version: 2 }]);
  });

  test('creates the next version when the content changed, even back to an older content', () => {
    const stored: StoredVersion[] = [
      { ...candidate, version: 1 },
      { ...candidate, hash: 'changed', version: 2 },
    ];
    expect(planDeployment([candidate], stored)).toEqual([{ ...candidate, action: 'create', version: 3 }]);
  });

  test('counts versions per kind, county and artifact', () => {
    const stored: StoredVersion[] = [
      { ...candidate, county: 'qitai', hash: 'x', version: 7 },
      { ...candidate, kind: 'process', hash: 'y', version: 4 },
    ];
    expect(planDeployment([candidate], stored)[0]).toMatchObject({ action: 'create', version: 1 });
  });

  test('an example record is part of the form version; key order is not', () => {
    expect(deploymentHash(form, { a: 1 })).not.toBe(hash);
    expect(deploymentHash({ schema: form.schema, title: form.title, id: form.id })).toBe(hash);
  });
});

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { applyMergePatch, validateFormDefinition, type Json } from '@pm/config';
import { checkForm } from '../src/model/check-form';

const REPO = path.resolve(__dirname, '../../..');
const FORMS = path.join(REPO, 'forms');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** Every form of the repository as each county gets it. */
function repositoryForms(): [string, Json][] {
  const found: [string, Json][] = [];
  for (const id of readdirSync(FORMS)) {
    const base = read(path.join(FORMS, id, 'form.json'));
    found.push([id, base]);
    const overlays = path.join(FORMS, id, 'counties');
    if (!existsSync(overlays)) continue;
    for (const file of readdirSync(overlays))
      found.push([
        `${id}/${file}`,
        applyMergePatch(base, read(path.join(overlays, file)) as { [k: string]: Json }),
      ]);
  }
  return found;
}

describe('checkForm: the CLI checks in the browser', () => {
  it('the precompiled validator is generated from the current form schema', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(__dirname, '../scripts/generate-validator.mjs'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it.each(repositoryForms())('finds no problem in %s, as pm validate does', (_name, form) => {
    expect(validateFormDefinition(form).errors).toEqual([]);
    expect(checkForm(form)).toEqual([]);
  });

  it('reports schema errors with the same pointers and Chinese messages as validateFormDefinition', () => {
    const form = read(path.join(FORMS, 'monitoring', 'form.json')) as {
      schema: { properties: Record<string, Json> };
    };
    const broken = structuredClone(form);
    broken.schema.properties.projectName = { type: 'string', 'x-componet': 'Input', required: 'yes' } as Json;
    (broken as Record<string, Json>).schemaVersion = 2;
    const expected = validateFormDefinition(broken).errors.map(({ path: pointer, message }) => ({
      rule: 'form-schema',
      pointer,
      message,
    }));
    expect(expected.length).toBeGreaterThan(1);
    expect(checkForm(broken).filter((p) => p.rule === 'form-schema')).toEqual(expected);
    expect(expected.map((e) => e.message).join()).toMatch(/是否应为 x-component/);
  });

  it('compiles every expression with the form compiler and checks $settings keys', () => {
    const form = {
      id: 'probe',
      title: '探针表',
      version: '1',
      schemaVersion: 1,
      schema: {
        type: 'object',
        properties: {
          a: { type: 'string', 'x-visible': '{{$values.b = 1}}' },
          b: { type: 'number', 'x-value': '{{$settings.noSuchSetting * 2}}' },
        },
      },
    };
    const problems = checkForm(form, { settingKeys: ['gradeBands'] });
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'form-expression', pointer: '/schema/properties/a/x-visible' }),
      expect.objectContaining({
        rule: 'setting-defined',
        pointer: '/schema/properties/b/x-value',
        message: expect.stringContaining('noSuchSetting'),
      }),
    ]);
  });
});

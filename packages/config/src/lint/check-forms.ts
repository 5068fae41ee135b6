import { applyMergePatch, type Json, type JsonObject } from '../artifacts';
import { validateFormDefinition, validateFormOverlay, type FormDefinition } from '../form';
import { patchTouches } from '../json-pointer';
import { bindingProblems } from '../bindings';
import { formExpressions } from './expression-references';
import type { LintProblem } from './problem';
import type { JsonFile, RepositorySnapshot } from './repository-snapshot';
import type { LintServices } from './services';

/** A form as one county gets it, and which file each part of it comes from. */
export interface CountyForm {
  formId: string;
  form: FormDefinition;
  baseFile: string;
  /** The county's merge patch, when it has one. */
  overlay?: { file: string; patch: JsonObject };
  example?: JsonObject;
}

export interface CheckedForms {
  /** Form ids with a valid base (form.json), whether or not any county uses them. */
  existing: Set<string>;
  /** The form a county gets, or undefined when its base or the county's overlay is broken (reported). */
  forCounty(formId: string, countyId: string): CountyForm | undefined;
  problems: LintProblem[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file a pointer into the resolved form comes from: the overlay when the patch set it, else the base. */
export function sourceFileOf(form: CountyForm, pointer: string): string {
  return form.overlay && patchTouches(form.overlay.patch, pointer) ? form.overlay.file : form.baseFile;
}

export class FormChecker {
  readonly problems: LintProblem[] = [];

  constructor(private readonly services: Pick<LintServices, 'checkExpression'>) {}

  /** Each failing `{{ }}` expression whose pointer `include` accepts. */
  expressions(
    form: FormDefinition,
    report: (pointer: string, message: string) => void,
    include = (_: string) => true,
  ) {
    for (const { pointer, source } of formExpressions(form)) {
      if (!include(pointer)) continue;
      const error = this.services.checkExpression(source);
      if (error !== null) report(pointer, error);
    }
  }

  /** `id`: the folder's name, which the form's id must equal; undefined for a file outside forms/. */
  base(id: string | undefined, file: JsonFile): FormDefinition | undefined {
    const result = validateFormDefinition(file.json, file.file);
    if (!result.ok) {
      for (const issue of result.errors)
        this.problems.push({
          file: file.file,
          location: issue.path,
          rule: 'form-schema',
          message: issue.message,
        });
      return undefined;
    }
    if (id !== undefined && result.form.id !== id) {
      this.problems.push({
        file: file.file,
        location: '/id',
        rule: 'artifact-id',
        message: `表单 id“${result.form.id}”与目录名 ${id} 不一致：流程的 pm:form 和部署都按目录名找表单`,
      });
    }
    this.expressions(result.form, (pointer, message) =>
      this.problems.push({ file: file.file, location: pointer, rule: 'form-expression', message }),
    );
    for (const { pointer, message } of bindingProblems(result.form))
      this.problems.push({ file: file.file, location: pointer, rule: 'form-binding', message });
    return result.form;
  }

  overlay(
    id: string,
    county: string,
    file: JsonFile,
    base: FormDefinition,
    baseFile: string,
  ): CountyForm | undefined {
    const overlayIssues = validateFormOverlay(file.json, file.file);
    if (overlayIssues.length > 0 || !isObject(file.json)) {
      for (const issue of overlayIssues)
        this.problems.push({
          file: file.file,
          location: issue.path,
          county,
          rule: 'form-overlay',
          message: issue.message,
        });
      return undefined;
    }
    const patch = file.json;
    const merged = applyMergePatch(base as unknown as Json, patch);
    const result = validateFormDefinition(merged, file.file);
    // Problems of the base are reported once, at the base; here only what the patch brought in.
    const own = result.errors.filter((issue) => patchTouches(patch, issue.path));
    for (const issue of own)
      this.problems.push({
        file: file.file,
        location: issue.path,
        county,
        rule: 'form-overlay',
        message: `合并到 ${baseFile} 后：${issue.message}`,
      });
    if (!result.ok) return undefined;
    if (result.form.id !== base.id) {
      this.problems.push({
        file: file.file,
        location: '/id',
        county,
        rule: 'artifact-id',
        message: `县区表单差异不能修改表单 id（${base.id} → ${result.form.id}）`,
      });
      return undefined;
    }
    const countyForm: CountyForm = {
      formId: id,
      form: result.form,
      baseFile,
      overlay: { file: file.file, patch },
    };
    this.expressions(
      result.form,
      (pointer, message) =>
        this.problems.push({ file: file.file, location: pointer, county, rule: 'form-expression', message }),
      (pointer) => patchTouches(patch, pointer),
    );
    for (const { pointer, message } of bindingProblems(result.form))
      if (patchTouches(patch, pointer))
        this.problems.push({ file: file.file, location: pointer, county, rule: 'form-binding', message });
    return countyForm;
  }
}

/**
 * Every form file: bases against the form schema with their expressions compiled, each county's overlay
 * applied to its base and the result checked again, overlays without a base or for an unknown county.
 */
export function checkForms(
  snapshot: RepositorySnapshot,
  services: Pick<LintServices, 'checkExpression'>,
): CheckedForms {
  const checker = new FormChecker(services);
  const existing = new Set<string>();
  const resolved = new Map<string, CountyForm | undefined>();
  const bases = new Map<string, CountyForm>();
  for (const [id, files] of snapshot.forms) {
    const base = files.base ? checker.base(id, files.base) : undefined;
    if (files.base) existing.add(id);
    if (!files.base && files.example) {
      checker.problems.push({
        file: files.example.file,
        location: '',
        rule: 'file-layout',
        message: `部署时不会读取此文件：缺少 forms/${id}/form.json`,
      });
    }
    const example = files.example && isObject(files.example.json) ? files.example.json : undefined;
    if (base && files.base) bases.set(id, { formId: id, form: base, baseFile: files.base.file, example });
    for (const [county, file] of files.overlays) {
      if (!snapshot.countyIds.has(county)) {
        checker.problems.push({
          file: file.file,
          location: '',
          rule: 'overlay-county',
          message: `县区 ${county} 不存在（没有 counties/${county}.json），此差异不会用于任何县区`,
        });
        continue;
      }
      if (!files.base) {
        checker.problems.push({
          file: file.file,
          location: '',
          county,
          rule: 'form-overlay-base',
          message: `没有基础表单 forms/${id}/form.json，县区差异无从合并`,
        });
        continue;
      }
      if (!base || !files.base) continue;
      const countyForm = checker.overlay(id, county, file, base, files.base.file);
      resolved.set(`${id}\u0000${county}`, countyForm && { ...countyForm, example });
    }
  }
  return {
    existing,
    problems: checker.problems,
    forCounty(formId, countyId) {
      const key = `${formId}\u0000${countyId}`;
      return resolved.has(key) ? resolved.get(key) : bases.get(formId);
    },
  };
}

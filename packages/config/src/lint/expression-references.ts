import { stringsIn } from '../json-pointer';

/**
 * Reading expressions without compiling them: config depends on neither the FEEL engine nor the form
 * compiler, so syntax is checked by injected services and only references are found here, by pattern.
 */

/** Formily compiles a string that is one `{{ }}` expression as a whole. */
const FORM_EXPRESSION = /^\s*\{\{([\s\S]*)\}\}\s*$/;

export function formExpressions(form: unknown): { pointer: string; source: string }[] {
  const found: { pointer: string; source: string }[] = [];
  for (const { pointer, text } of stringsIn(form)) {
    if (FORM_EXPRESSION.test(text)) found.push({ pointer, source: text });
  }
  return found;
}

/** `$settings.key` and `$settings['key']` in a form expression. */
export function formSettingsReferences(source: string): string[] {
  const keys = new Set<string>();
  for (const match of source.matchAll(
    /\$settings\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)|\$settings\s*\[\s*(['"])([^'"]+)\2\s*\]/g,
  ))
    keys.add(match[1] ?? match[3]);
  return [...keys];
}

/** `settings.key` in FEEL (county preconditions); string literals are blanked first so text never counts. */
export function feelSettingsReferences(source: string): string[] {
  const code = source.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const keys = new Set<string>();
  for (const match of code.matchAll(/(?<![\w.$])settings\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g))
    keys.add(match[1]);
  return [...keys];
}

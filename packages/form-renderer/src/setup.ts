import { setValidateLanguage } from '@formily/core';
import { registerSafeCompiler } from '@pm/form-core';

let done = false;

/**
 * Once per page, before any form renders: our sandboxed `{{ }}` compiler replaces Formily's `new Function`
 * (the server's CSP has no 'unsafe-eval'), and validation messages are Chinese, as on the server.
 */
export function setupFormRuntime(): void {
  if (done) return;
  done = true;
  registerSafeCompiler();
  setValidateLanguage('zh-CN');
}

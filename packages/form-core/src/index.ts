export {
  registerSafeCompiler,
  collectExpressionErrors,
  type ExpressionErrorSink,
} from './expression/register';
export { evaluateExpression, compileExpression, type CompiledExpression } from './expression/compile';
export { ExpressionError } from './expression/errors';
export { trustFunction, LIMITS as EXPRESSION_LIMITS } from './expression/policy';
export { HELPERS as EXPRESSION_HELPERS } from './expression/helpers';
export { validateSubmission } from './validation/validate-submission';
export type { FormDefinition, ValidateOptions, ValidationError, ValidationResult } from './validation/types';

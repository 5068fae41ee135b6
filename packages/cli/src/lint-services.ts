import type { LintServices } from '@pm/config';
import { compileProcess, feelSyntaxError, summarizeProcess, type ProcessDefinition } from '@pm/engine';
import { ExpressionError, compileExpression } from '@pm/form-core';

/**
 * The engine and the form compiler handed to the configuration lint. The server builds the same object
 * (services/deployments.ts); this copy keeps `pm validate` free of the server and its database driver.
 */
export const lintServices: LintServices<ProcessDefinition> = {
  compileProcess,
  summarizeProcess,
  feelSyntaxError,
  checkExpression(source) {
    try {
      compileExpression(source);
      return null;
    } catch (err) {
      if (err instanceof ExpressionError) return err.message;
      throw err;
    }
  },
};

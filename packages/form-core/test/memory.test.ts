import { validateSubmission } from '@pm/form-core';
import { countySettings, generateSubmission, selfEvaluationForm } from './fixtures/self-evaluation';

// Formily's form adds an observer to a process-wide list (@formily/reactive's ObserverListeners) that only
// unmounting removes; a server that forgot it kept every validated form, about half a megabyte a row.
const { ObserverListeners } = require('@formily/reactive/lib/environment') as {
  ObserverListeners: { value: unknown[] };
};

test('validated forms are unmounted: nothing stays registered in Formily’s global observer list', async () => {
  const before = ObserverListeners.value.length;
  const data = generateSubmission({ rows: 5, seed: 8, mistakeRate: 0.3 });
  for (const strategy of ['auto', 'plain'] as const) {
    for (let i = 0; i < 3; i++) {
      await validateSubmission(selfEvaluationForm, data, { scope: { settings: countySettings }, strategy });
    }
  }
  expect(ObserverListeners.value.length).toBe(before);
});

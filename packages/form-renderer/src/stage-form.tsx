import { FormLayout, PreviewText } from '@formily/antd-v5';
import type { Form } from '@formily/core';
import type { ISchema } from '@formily/json-schema';
import { FormProvider, createSchemaField } from '@formily/react';
import { useMemo } from 'react';
import { withAccessibleNames } from './accessible-names';
import { components } from './components';
import { FormServicesProvider, type FormServices } from './services';
import { setupFormRuntime } from './setup';
import './stage-form.css';

setupFormRuntime();

const SchemaField = createSchemaField({ components });

export interface StageFormProps {
  form: Form;
  schema: ISchema;
  /** What expressions see besides the form: `$settings` (county), `$project`. */
  scope?: Record<string, unknown>;
  services?: FormServices;
}

/**
 * A stage's resolved form. Edit or review is the Form's pattern (`readPretty` for reviewers), set by the
 * caller; validation and computed values come from the schema alone.
 */
export function StageForm({ form, schema, scope, services }: StageFormProps) {
  const stableServices = useMemo(() => services ?? {}, [services]);
  const named = useMemo(() => withAccessibleNames(schema), [schema]);
  return (
    <FormServicesProvider value={stableServices}>
      <FormProvider form={form}>
        {/* Read-pretty shows an empty value as a dash, not Formily's English "N/A". */}
        <PreviewText.Placeholder value="—">
          {/* Reviewers read: label beside value keeps a long form on few screens. */}
          <FormLayout
            className={form.readPretty ? 'pm-stage-form--read' : undefined}
            layout={form.readPretty ? 'horizontal' : 'vertical'}
            labelWidth={form.readPretty ? 200 : undefined}
            labelWrap
            colon={false}
            feedbackLayout={form.readPretty ? 'none' : 'loose'}
          >
            <SchemaField schema={named} scope={scope} />
          </FormLayout>
        </PreviewText.Placeholder>
      </FormProvider>
    </FormServicesProvider>
  );
}
